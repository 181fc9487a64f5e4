package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// flushRecorder keeps what had been written at each flush.
type flushRecorder struct {
	*httptest.ResponseRecorder
	atFlush [][]byte
}

func (f *flushRecorder) Flush() {
	f.atFlush = append(f.atFlush, bytes.Clone(f.Body.Bytes()))
}

// gunzipPrefix decompresses what a truncated gzip stream holds so far.
func gunzipPrefix(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil && err != io.ErrUnexpectedEOF {
		t.Fatalf("gunzip: %v", err)
	}
	return string(out)
}

// TestGzipResultsStream: a browser that accepts gzip gets the results
// stream compressed, and every frame whole at the flush after it, so the
// page draws the first table before the figures are done; one that does
// not gets it plain.
func TestGzipResultsStream(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	body := `{"scenario":"epic-vs-continuous","figures":true,"sweep":"arms.quarterly-manual.release.every"}`
	req := httptest.NewRequest("POST", "http://localhost/api/results", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	rec := &flushRecorder{ResponseRecorder: httptest.NewRecorder()}
	s.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, Content-Encoding %q: want 200 gzip", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Error("no Vary: Accept-Encoding")
	}
	if len(rec.atFlush) < 3 {
		t.Fatalf("%d flushes, want one a frame", len(rec.atFlush))
	}
	for i, b := range rec.atFlush {
		text := gunzipPrefix(t, b)
		if !strings.HasSuffix(text, "\n") || strings.Count(text, "\n") != i+1 {
			t.Errorf("at flush %d the client can read %d whole frames (ends %q), want %d", i+1, strings.Count(text, "\n"), tail(text), i+1)
		}
	}
	all := gunzipPrefix(t, rec.Body.Bytes())
	sc := bufio.NewScanner(strings.NewReader(all))
	sc.Buffer(nil, 8<<20)
	for sc.Scan() {
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("a frame is not JSON: %.80s", sc.Text())
		}
	}
	t.Logf("results stream: %d bytes, %d gzipped (%.0f%%)", len(all), rec.Body.Len(), 100*float64(rec.Body.Len())/float64(len(all)))
	if rec.Body.Len()*3 > len(all) {
		t.Errorf("gzipped %d of %d bytes: want at most a third", rec.Body.Len(), len(all))
	}

	plain := httptest.NewRequest("POST", "http://localhost/api/results", strings.NewReader(`{"scenario":"epic-vs-continuous"}`))
	plain.Header.Set("Content-Type", "application/json")
	prec := httptest.NewRecorder()
	s.ServeHTTP(prec, plain)
	if prec.Code != 200 || prec.Header().Get("Content-Encoding") != "" || !json.Valid(bytes.SplitN(prec.Body.Bytes(), []byte("\n"), 2)[0]) {
		t.Errorf("without Accept-Encoding: Content-Encoding %q, want a plain stream", prec.Header().Get("Content-Encoding"))
	}
}

func tail(s string) string { return s[max(0, len(s)-20):] }

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"": false, "gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true,
		"gzip;q=0": false, "identity": false, "x-gzip": false, "GZIP": true,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}

// TestFavicon: the browser's own /favicon.ico request gets the icon.
func TestFavicon(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	resp, err := http.Get(ts.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(b, []byte("<svg")) {
		t.Errorf("/favicon.ico: %d %s %.40q, want the SVG icon", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
}
