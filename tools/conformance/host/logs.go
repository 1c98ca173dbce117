package host

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// hostName is the capturing logger's name; go-plugin names the plugin's stderr logger
// "<hostName>.<binary base name>".
const hostName = "host"

// LogEntry is one line go-plugin logged.
type LogEntry struct {
	// Module is "host" for go-plugin's own lines, "host.<binary>" for plugin stderr lines.
	Module, Level, Message string
	// Fields are the key/value pairs (go-plugin adds "timestamp" to every stderr line it
	// parsed as JSON).
	Fields map[string]any
}

// FromPlugin reports whether the line came from the plugin's stderr.
func (e LogEntry) FromPlugin() bool { return e.Module != hostName }

// Parsed reports whether go-plugin parsed this plugin line as an hclog JSON entry: only then
// does it forward the plugin's timestamp as a field. Raw lines are logged as a bare message.
func (e LogEntry) Parsed() bool {
	_, ok := e.Fields["timestamp"]
	return ok
}

// LogCapture is an hclog sink that keeps every entry for assertions.
type LogCapture struct {
	mu      sync.Mutex
	entries []LogEntry
	partial []byte
	logger  hclog.Logger
	changed chan struct{}
}

// NewLogCapture returns a capture whose Logger writes JSON lines back into it.
func NewLogCapture(level hclog.Level) *LogCapture {
	c := &LogCapture{changed: make(chan struct{})}
	c.logger = hclog.New(&hclog.LoggerOptions{
		Name: hostName, Level: level, JSONFormat: true, Output: c,
	})
	return c
}

// Logger is the hclog.Logger to hand to go-plugin.
func (c *LogCapture) Logger() hclog.Logger { return c.logger }

// Write receives hclog's JSON output (one entry per line).
func (c *LogCapture) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, b...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		line := c.partial[:i]
		c.partial = c.partial[i+1:]
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			continue
		}
		e := LogEntry{Fields: map[string]any{}}
		for k, v := range m {
			switch k {
			case "@module":
				e.Module, _ = v.(string)
			case "@level":
				e.Level, _ = v.(string)
			case "@message":
				e.Message, _ = v.(string)
			case "@timestamp":
			default:
				e.Fields[k] = v
			}
		}
		c.entries = append(c.entries, e)
	}
	close(c.changed)
	c.changed = make(chan struct{})
	return len(b), nil
}

// Entries returns a copy of everything captured so far.
func (c *LogCapture) Entries() []LogEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.entries)
}

// Find returns the first entry matching pred.
func (c *LogCapture) Find(pred func(LogEntry) bool) (LogEntry, bool) {
	for _, e := range c.Entries() {
		if pred(e) {
			return e, true
		}
	}
	return LogEntry{}, false
}

// Has reports whether any entry matches pred.
func (c *LogCapture) Has(pred func(LogEntry) bool) bool {
	_, ok := c.Find(pred)
	return ok
}

// WaitFor waits up to timeout for an entry matching pred.
func (c *LogCapture) WaitFor(pred func(LogEntry) bool, timeout time.Duration) (LogEntry, bool) {
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		ch := c.changed
		c.mu.Unlock()
		if e, ok := c.Find(pred); ok {
			return e, true
		}
		select {
		case <-ch:
		case <-deadline:
			return LogEntry{}, false
		}
	}
}

// Tail renders the last n plugin stderr lines for error messages ("" when there are none).
func (c *LogCapture) Tail(n int) string {
	var lines []string
	for _, e := range c.Entries() {
		if e.FromPlugin() {
			lines = append(lines, fmt.Sprintf("  [%s] %s", e.Level, e.Message))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "\nlast plugin stderr lines:\n" + strings.Join(lines[max(0, len(lines)-n):], "\n")
}
