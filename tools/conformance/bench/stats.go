// Package bench measures a plugin binary through the conformance host: QueryData latency and
// throughput, startup to handshake, cancellation latency, and the Go SDK's Arrow encoding
// baseline. cmd/bench prints the results as one JSON document.
package bench

import (
	"slices"
	"time"
)

// ms converts a duration to float milliseconds (3 decimals is plenty for JSON).
func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// percentile returns the p-th percentile (0..100) of samples by nearest rank.
func percentile(samples []time.Duration, p float64) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.5) - 1
	rank = max(0, min(rank, len(s)-1))
	return s[rank]
}

// median is the 50th percentile.
func median(samples []time.Duration) time.Duration { return percentile(samples, 50) }

func msList(samples []time.Duration) []float64 {
	out := make([]float64, len(samples))
	for i, s := range samples {
		out[i] = ms(s)
	}
	return out
}
