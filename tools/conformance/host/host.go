// Package host launches a backend plugin binary the way Grafana does: hashicorp/go-plugin v1.8.0
// with Grafana's handshake, protocol version 2, gRPC only, no host environment, no AutoMTLS, a
// working directory that is not the plugin's, and grafana-plugin-sdk-go's pluginv2 gRPC clients.
package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
)

// GrafanaVersion is the GF_VERSION the host advertises (the oldest Grafana dsforge targets).
const GrafanaVersion = "12.4.0"

// Handshake is Grafana's go-plugin handshake (same value for every plugin type).
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// Options tune a launch. The zero value launches like Grafana 12.4 with no extra settings.
type Options struct {
	// Env is appended to Grafana's environment (KEY=VALUE).
	Env []string
	// LogLevel of the capturing logger; Grafana uses Debug. Default Debug.
	LogLevel hclog.Level
}

// Plugin is a running plugin and its typed clients.
type Plugin struct {
	Client      *plugin.Client
	Conn        *grpc.ClientConn
	Data        grpcplugin.DataClient
	Diagnostics grpcplugin.DiagnosticsClient
	Resource    grpcplugin.ResourceClient
	Stream      grpcplugin.StreamClient
	// Logs holds every line the go-plugin client logged, including the plugin's stderr.
	Logs *LogCapture
	// Binary is the launched file; WorkDir the temporary working directory it ran in.
	Binary, WorkDir string
	// Startup is the time from launch until the gRPC connection was usable.
	Startup time.Duration

	killOnce   sync.Once
	killResult KillResult
}

// Start launches binary and connects to it. On error the process (if any) is already gone.
func Start(binary string, opts Options) (*Plugin, error) {
	abs, err := filepath.Abs(binary)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("plugin binary %s: %w", abs, err)
	}
	dir, err := os.MkdirTemp("", "dsforge-host-")
	if err != nil {
		return nil, err
	}
	level := opts.LogLevel
	if level == hclog.NoLevel {
		level = hclog.Debug
	}
	logs := NewLogCapture(level)

	cmd := exec.Command(abs)
	cmd.Dir = dir
	cmd.Env = append([]string{"GF_VERSION=" + GrafanaVersion}, opts.Env...)

	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  Handshake,
		VersionedPlugins: map[int]plugin.PluginSet{grpcplugin.ProtocolVersion: pluginSet()},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		SkipHostEnv:      true,
		Logger:           logs.Logger(),
	})
	p := &Plugin{Client: client, Logs: logs, Binary: abs, WorkDir: dir}
	began := time.Now()
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("start %s: %w%s", abs, err, logs.Tail(10))
	}
	p.Startup = time.Since(began)
	if err := p.dispense(rpc); err != nil {
		p.Kill()
		return nil, err
	}
	return p, nil
}

// pluginSet maps Grafana's plugin keys to the SDK's client-side gRPC plugins.
func pluginSet() plugin.PluginSet {
	return plugin.PluginSet{
		"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
		"resource":    &grpcplugin.ResourceGRPCPlugin{},
		"data":        &grpcplugin.DataGRPCPlugin{},
		"stream":      &grpcplugin.StreamGRPCPlugin{},
	}
}

func (p *Plugin) dispense(rpc plugin.ClientProtocol) error {
	gc, ok := rpc.(*plugin.GRPCClient)
	if !ok {
		return errors.New("plugin did not negotiate gRPC")
	}
	p.Conn = gc.Conn
	get := func(name string) (any, error) {
		v, err := rpc.Dispense(name)
		if err != nil {
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
		return v, nil
	}
	var err error
	var v any
	if v, err = get("data"); err != nil {
		return err
	}
	p.Data = v.(grpcplugin.DataClient)
	if v, err = get("diagnostics"); err != nil {
		return err
	}
	p.Diagnostics = v.(grpcplugin.DiagnosticsClient)
	if v, err = get("resource"); err != nil {
		return err
	}
	p.Resource = v.(grpcplugin.ResourceClient)
	if v, err = get("stream"); err != nil {
		return err
	}
	p.Stream = v.(grpcplugin.StreamClient)
	return nil
}

// Ping is go-plugin's liveness check (grpc.health.v1 Check of service "plugin").
func (p *Plugin) Ping() error {
	rpc, err := p.Client.Client()
	if err != nil {
		return err
	}
	return rpc.Ping()
}

// HealthStatus returns the grpc.health.v1 serving status the plugin reports for service.
func (p *Plugin) HealthStatus(ctx context.Context, service string) (grpc_health_v1.HealthCheckResponse_ServingStatus, error) {
	res, err := grpc_health_v1.NewHealthClient(p.Conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: service})
	if err != nil {
		return grpc_health_v1.HealthCheckResponse_UNKNOWN, err
	}
	return res.Status, nil
}
