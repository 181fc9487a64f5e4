package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
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
--addr names another address, and then says so. Other web sites open in
the same browser cannot use it: it answers only requests addressed to its
own names (loopback's, the --addr host's, and with a wildcard --addr such as
0.0.0.0 the machine's own names and addresses; --allow-host adds more) and
changes nothing for a page from another origin. Ctrl-C stops it.`,
		examples: `  deploysim serve                       # then open http://127.0.0.1:8080
  deploysim serve --open                # and open it in the browser
  deploysim serve my-team.yaml --addr 127.0.0.1:9000
  deploysim serve --addr 0.0.0.0:8080 --allow-host workshop.example.com`,
		setup: func(fs *pflag.FlagSet) action {
			addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`; anything but loopback is reachable from the network, without authentication")
			open := fs.Bool("open", false, "open the page in the default browser")
			allow := fs.StringSlice("allow-host", nil, "also answer requests for host `NAME` (a name the room's laptops use for this machine); repeatable")
			return func(ctx context.Context, e *env, args []string) error {
				return serve(ctx, e, *addr, *allow, *open, args)
			}
		},
	}
}

func serve(ctx context.Context, e *env, addr string, allow []string, open bool, files []string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080 %s", addr, "(see deploysim serve --help)")
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return usagef("--addr %q: port %q must be a number in [0, 65535] (0 picks a free one)", addr, port)
	}
	srv, err := web.New(web.Options{Files: files, Hosts: append(serveHosts(host), allow...), Version: versionString()})
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
	_, bound, _ := net.SplitHostPort(ln.Addr().String())
	urls := pageURLs(host, bound, lanAddrs())
	url := urls[0]
	fmt.Fprintf(e.stdout, "deploysim serve: %s (Ctrl-C stops it)\n", url)
	if len(urls) > 1 {
		// On every interface the room types the machine's own address:
		// http://[::]:8080/ is nothing anyone can open.
		fmt.Fprintf(e.stdout, "deploysim serve: the room opens %s\n", strings.Join(urls[1:], " or "))
	}
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
	if err := hs.Shutdown(shut); errors.Is(err, context.DeadlineExceeded) {
		// A request still writing after 5 s (a slow client) is cut off
		// rather than reported as a deadline the user never set.
		_ = hs.Close()
		fmt.Fprintln(e.stderr, "deploysim serve: requests still open after 5 s were cut off")
	} else if err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stdout, "deploysim serve: stopped")
	return nil
}

// serveHosts returns the host names and addresses a server listening on
// host answers to: loopback's always; the host itself; for a wildcard
// (every interface) the machine's name and every address it has, which is
// what the room's laptops type.
func serveHosts(host string) []string {
	hosts := web.LoopbackHosts()
	switch ip := net.ParseIP(host); {
	case host == "" || ip != nil && ip.IsUnspecified():
		if name, err := os.Hostname(); err == nil && name != "" {
			hosts = append(hosts, name)
			if short, _, ok := strings.Cut(name, "."); ok {
				hosts = append(hosts, short)
			} else {
				hosts = append(hosts, name+".local") // its mDNS name
			}
		}
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					hosts = append(hosts, n.IP.String())
				}
			}
		}
	default:
		hosts = append(hosts, host)
	}
	return hosts
}

// pageURLs returns the page's addresses for a server listening on host
// (from --addr) at port: first the one this machine's browser opens, then,
// for a wildcard host, one per address the room can reach (lan, IPv4
// first). A named host is its own address.
func pageURLs(host, port string, lan []net.IP) []string {
	at := func(h string) string { return "http://" + net.JoinHostPort(h, port) + "/" }
	ip := net.ParseIP(host)
	if host != "" && (ip == nil || !ip.IsUnspecified()) {
		return []string{at(host)}
	}
	urls := []string{at("127.0.0.1")}
	for _, a := range lan {
		urls = append(urls, at(a.String()))
	}
	return urls
}

// lanAddrs returns the machine's addresses that another machine can reach:
// not loopback, not link-local; IPv4 before IPv6.
func lanAddrs() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var v4, v6 []net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsLinkLocalMulticast() {
			continue
		}
		if n.IP.To4() != nil {
			v4 = append(v4, n.IP)
		} else {
			v6 = append(v6, n.IP)
		}
	}
	return append(v4, v6...)
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
