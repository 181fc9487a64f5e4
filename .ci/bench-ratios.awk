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
# verdict prints one ratio against its target: pass or FAIL.
function verdict(label, ratio, target, note) {
	ok = ratio >= target
	printf "  %-38s %5.2f  [≥ %.2f]  %s%s\n", label, ratio, target, ok ? "pass" : "FAIL", note
	checked++
	if (!ok) failed++
}
END {
	print ""
	print "ratios against their targets (measured within this one run):"
	if (hold && base) verdict("engine hold / bare heap baseline", hold / base, 0.60, "")
	if (cd && hold)   verdict("model (continuous deployment) / hold", cd / hold, 0.50, "")
	if (qm && hold)   verdict("model (quarterly manual) / hold", qm / hold, 0.50, "")
	if (minb && hold) verdict("slowest built-in arm / hold", minb / hold, 0.50, "  (" minname ")")
	if (w1 && w2)     verdict("runner 2 workers / 1 worker", w2 / w1, 1.80, "")
	if (si && sc)     verdict("sweep cached / independent runs", sc / si, 3.00, "")
	if (checked == 0) { print "  no ratio: the benchmarks they need did not run"; exit 1 }
	if (failed) printf "%d of %d targets missed (wall-clock ratios; on a loaded machine run again before believing a miss)\n", failed, checked
	else printf "all %d targets met\n", checked
	exit failed ? 1 : 0
}
