# Reads `go test -bench` output and prints the ratios the issues set targets
# for, measured within the one run: engine vs bare heap, model vs engine,
# two workers vs one.
function metric(line, unit,   n, f, i) {
	n = split(line, f, /[ \t]+/)
	for (i = 2; i <= n; i++) if (f[i] == unit) return f[i-1]
	return ""
}
/^BenchmarkHold-[0-9]/                    { hold = metric($0, "events/s") }
/^BenchmarkBaseline/                      { base = metric($0, "events/s") }
/^BenchmarkSimulate\/continuous-deployment/ { cd = metric($0, "events/s") }
/^BenchmarkSimulate\/quarterly-manual/    { qm = metric($0, "events/s") }
/^BenchmarkBuiltin\//                     { v = metric($0, "events/s"); if (v != "" && (minb == "" || v + 0 < minb + 0)) { minb = v; minname = $1 } }
/^BenchmarkExperiment\/workers=1/         { w1 = metric($0, "reps/s") }
/^BenchmarkExperiment\/workers=2/         { w2 = metric($0, "reps/s") }
/^BenchmarkSweep\/independent/            { si = metric($0, "rep-years/s") }
/^BenchmarkSweep\/cached/                 { sc = metric($0, "rep-years/s") }
END {
	print ""
	print "ratios (targets in brackets):"
	if (hold && base) printf "  engine hold / bare heap baseline      %.2f  [≥ 0.60]\n", hold / base
	if (cd && hold)   printf "  model (continuous deployment) / hold  %.2f  [≥ 0.50]\n", cd / hold
	if (qm && hold)   printf "  model (quarterly manual) / hold       %.2f  [≥ 0.50]\n", qm / hold
	if (minb && hold) printf "  slowest built-in arm / hold           %.2f  [≥ 0.50]  (%s)\n", minb / hold, minname
	if (w1 && w2)     printf "  runner 2 workers / 1 worker           %.2f  [≥ 1.80]\n", w2 / w1
	if (si && sc)     printf "  sweep cached / independent runs       %.2f  [≥ 3.00]\n", sc / si
}
