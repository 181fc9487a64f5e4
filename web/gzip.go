package web

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// A room on Wi-Fi shares its air: the pages, the API's JSON and the
// results stream (mostly SVG, which compresses to a sixth) go out gzipped
// to a browser that accepts it. The results stream stays a stream: each
// NDJSON frame is flushed through the compressor as it is written, so the
// page shows the first frame as soon as it is computed.

var gzipPool = sync.Pool{New: func() any {
	// Level 5: most of the saving for a fraction of level 9's time, which
	// matters on a 2-core laptop simulating at the same time.
	w, _ := gzip.NewWriterLevel(nil, 5)
	return w
}}

// gzipResponse compresses what the handler writes.
type gzipResponse struct {
	http.ResponseWriter
	gz          *gzip.Writer
	wroteHeader bool
	plain       bool // a response not worth compressing (an error with no body)
}

// withGzip wraps w when r accepts gzip; done finishes the compressed
// stream and must be called after the handler returns.
func withGzip(w http.ResponseWriter, r *http.Request) (_ http.ResponseWriter, done func()) {
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) || r.Method == http.MethodHead {
		return w, func() {}
	}
	g := &gzipResponse{ResponseWriter: w}
	return g, func() {
		if g.gz != nil {
			_ = g.gz.Close() // a client gone away is not our error
			g.gz.Reset(nil)
			gzipPool.Put(g.gz)
		}
	}
}

// acceptsGzip reads an Accept-Encoding header: gzip listed and not
// refused with q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

func (g *gzipResponse) WriteHeader(status int) {
	if g.wroteHeader {
		return
	}
	g.wroteHeader = true
	h := g.Header()
	if status == http.StatusNoContent || status == http.StatusNotModified || h.Get("Content-Encoding") != "" || status < 200 {
		g.plain = true
		g.ResponseWriter.WriteHeader(status)
		return
	}
	h.Del("Content-Length") // the length changes
	h.Set("Content-Encoding", "gzip")
	g.gz = gzipPool.Get().(*gzip.Writer)
	g.gz.Reset(g.ResponseWriter)
	g.ResponseWriter.WriteHeader(status)
}

func (g *gzipResponse) Write(p []byte) (int, error) {
	if !g.wroteHeader {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(p))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.plain {
		return g.ResponseWriter.Write(p)
	}
	return g.gz.Write(p)
}

// Flush sends what was written so far: the compressor's pending block,
// then the connection's buffer.
func (g *gzipResponse) Flush() {
	if g.gz != nil {
		_ = g.gz.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (g *gzipResponse) Unwrap() http.ResponseWriter { return g.ResponseWriter }
