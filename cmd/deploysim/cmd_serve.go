package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"time"

	"github.com/spf13/pflag"

	"deploysim/web"
)

func serveCommand() *command {
	return &command{
		name:    "serve",
		args:    "[FILE…]",
		summary: "serve the workshop web page: explore, workshop and replay",
		long: `Serves a web page for a workshop: the built-in scenarios and any scenario
files named, with their levers as sliders (explore), a presenter view that
asks the room to predict before it reveals the simulated answer (workshop),
and one replication told minute by minute (replay). Everything is
computed here; the page needs no network.

The page has no authentication: it listens on loopback (127.0.0.1) unless
--addr names another address, and then says so. Ctrl-C stops it.`,
		examples: `  deploysim serve                       # then open http://127.0.0.1:8080
  deploysim serve --open                # and open it in the browser
  deploysim serve my-team.yaml --addr 127.0.0.1:9000`,
		setup: func(fs *pflag.FlagSet) action {
			addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`; anything but loopback is reachable from the network, without authentication")
			open := fs.Bool("open", false, "open the page in the default browser")
			return func(ctx context.Context, e *env, args []string) error {
				return serve(ctx, e, *addr, *open, args)
			}
		},
	}
}

func serve(ctx context.Context, e *env, addr string, open bool, files []string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080 %s", addr, "(see deploysim serve --help)")
	}
	srv, err := web.New(web.Options{Files: files, Version: versionString()})
	if err != nil {
		return inputErrorOrScenario(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	if !isLoopback(host) {
		fmt.Fprintf(e.stderr, "deploysim serve: warning: listening on %s: anyone who can reach this address can use the page, which has no authentication\n", addr)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "deploysim serve: %s (Ctrl-C stops it)\n", url)
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		// Ctrl-C cancels the requests under way, and with them their
		// simulations, so that shutting down does not wait for them.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	if open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(e.stderr, "deploysim serve: could not open a browser (%v); open %s\n", err, url)
		}
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stdout, "deploysim serve: stopped")
	return nil
}

// isLoopback reports whether host (from --addr) listens on loopback only.
// An empty host listens on every interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}
