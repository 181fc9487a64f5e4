package web

import "net/http"

// serveFavicon answers a browser's own request for /favicon.ico (which
// it makes whatever the page's link says) with the pages' icon, an SVG
// that every current browser takes there, so the log has no 404 for it.
func serveFavicon(w http.ResponseWriter, r *http.Request) {
	icon, err := assets.ReadFile("assets/static/favicon.svg")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(icon)
}
