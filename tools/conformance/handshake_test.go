package conformance

import (
	"bufio"
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/health/grpc_health_v1"
)

func TestHandshake(t *testing.T) {
	t.Run("go-plugin completes the handshake over gRPC and negotiates protocol version 2", func(t *testing.T) {
		p := shared(t)
		if v := p.Client.NegotiatedVersion(); v != 2 {
			t.Errorf("NegotiatedVersion() = %d, want 2 (Grafana rejects anything below 2)", v)
		}
		if proto := p.Client.Protocol(); proto != plugin.ProtocolGRPC {
			t.Errorf("protocol = %q, want grpc", proto)
		}
		t.Logf("startup to usable connection: %v", p.Startup)
	})

	t.Run("go-plugin Ping succeeds and grpc.health reports the plugin service SERVING", func(t *testing.T) {
		p := shared(t)
		if err := p.Ping(); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		st, err := p.HealthStatus(ctx, "plugin")
		if err != nil || st != grpc_health_v1.HealthCheckResponse_SERVING {
			t.Fatalf(`health of service "plugin" = %v, %v; want SERVING`, st, err)
		}
	})

	t.Run("the first stdout line is go-plugin's handshake line", func(t *testing.T) {
		cmd := exec.Command(mustAbs(t, pluginBinary()))
		cmd.Dir = t.TempDir()
		cmd.Env = []string{"grafana_plugin_type=datasource", "PLUGIN_PROTOCOL_VERSIONS=2",
			"PLUGIN_MIN_PORT=10000", "PLUGIN_MAX_PORT=25000", "GF_VERSION=12.4.0"}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
		line := make(chan string, 1)
		go func() {
			s := bufio.NewScanner(out)
			s.Scan()
			line <- s.Text()
		}()
		select {
		case l := <-line:
			re := regexp.MustCompile(`^1\|2\|(unix|tcp)\|[^|]+\|grpc\|?$`)
			if !re.MatchString(strings.TrimSpace(l)) {
				t.Fatalf("handshake line %q does not match CORE|APP|NETWORK|ADDR|grpc|", l)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no handshake line within 30 s")
		}
	})
}
