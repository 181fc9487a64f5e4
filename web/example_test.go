package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"deploysim/web"
)

// A server for the built-in scenarios, here on a test listener; deploysim
// serve runs it on 127.0.0.1:8080 with timeouts and a graceful shutdown.
func ExampleNew() {
	s, err := web.New(web.Options{})
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	resp, err := http.Post(ts.URL+"/api/results", "application/json",
		strings.NewReader(`{"scenario":"epic-vs-continuous","set":["arms.quarterly-manual.release.every=4x"]}`))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode)
	fmt.Print(string(body))
	// Output:
	// 400
	// {"errors":[{"set":"arms.quarterly-manual.release.every=4x","message":"invalid duration \"4x\" (use e.g. 45m, 8h, 3d, 13w)"}]}
}
