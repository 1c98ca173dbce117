// Package conformance is dsforge's independent check that a plugin binary behaves, to Grafana,
// like a plugin built with grafana-plugin-sdk-go. The checks live in the package's tests and
// drive the binary through the Go host in ./host (hashicorp/go-plugin configured as Grafana
// configures it). See docs/conformance.md.
package conformance
