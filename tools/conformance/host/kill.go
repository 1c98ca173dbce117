package host

import (
	"os"
	"time"
)

// KillResult describes how a plugin went away after Kill.
type KillResult struct {
	// Took is how long Kill blocked (go-plugin waits up to 2 s before SIGKILL).
	Took time.Duration
	// Graceful is false when go-plugin had to SIGKILL the process.
	Graceful bool
	// Exited reports go-plugin's view after Kill returned.
	Exited bool
	// ExitError is the process exit error as go-plugin logged it ("" = exit status 0).
	ExitError string
}

// Kill does what Grafana does on shutdown (GRPCController/Shutdown, wait 2 s, then SIGKILL) and
// removes the working directory. Safe to call more than once.
func (p *Plugin) Kill() KillResult {
	p.killOnce.Do(func() {
		began := time.Now()
		p.Client.Kill()
		r := KillResult{Took: time.Since(began), Exited: p.Client.Exited()}
		r.Graceful = !p.Logs.Has(func(e LogEntry) bool { return e.Message == "plugin failed to exit gracefully" })
		if e, ok := p.Logs.Find(func(e LogEntry) bool { return e.Message == "plugin process exited" }); ok {
			if s, ok := e.Fields["error"].(string); ok {
				r.ExitError = s
			}
		} else {
			r.ExitError = "go-plugin did not log the process exit"
		}
		p.killResult = r
		_ = os.RemoveAll(p.WorkDir)
	})
	return p.killResult
}
