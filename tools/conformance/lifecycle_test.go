package conformance

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"dsforge.dev/tools/conformance/host"
)

// waitExited polls go-plugin's view of the process for up to timeout.
func waitExited(p *host.Plugin, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for !p.Client.Exited() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func pid(t *testing.T, p *host.Plugin) int {
	t.Helper()
	rc := p.Client.ReattachConfig()
	if rc == nil || rc.Pid == 0 {
		t.Fatal("go-plugin does not know the plugin's pid")
	}
	return rc.Pid
}

func TestLifecycle(t *testing.T) {
	t.Run("Kill shuts the plugin down through GRPCController/Shutdown without needing SIGKILL", func(t *testing.T) {
		p := launch(t)
		r := p.Kill()
		t.Logf("Kill took %v, graceful=%v, exit error %q", r.Took, r.Graceful, r.ExitError)
		if !r.Exited {
			t.Error("go-plugin says the process has not exited")
		}
		if !r.Graceful || r.Took >= 2*time.Second {
			t.Errorf("the process needed SIGKILL after the 2 s grace (Kill took %v)", r.Took)
		}
		if r.ExitError != "" {
			t.Errorf("exit after Shutdown: %s, want status 0", r.ExitError)
		}
	})

	t.Run("SIGTERM makes the plugin exit with status 0", func(t *testing.T) {
		p := launch(t)
		if err := syscall.Kill(pid(t, p), syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if !waitExited(p, 5*time.Second) {
			t.Fatal("the process was still running 5 s after SIGTERM")
		}
		e, ok := p.Logs.WaitFor(func(e host.LogEntry) bool { return e.Message == "plugin process exited" }, 2*time.Second)
		if !ok {
			t.Fatal("go-plugin did not log the exit")
		}
		if msg, _ := e.Fields["error"].(string); msg != "" {
			t.Errorf("exit after SIGTERM: %s, want status 0", msg)
		}
	})

	t.Run("SIGINT is ignored and the plugin keeps serving", func(t *testing.T) {
		p := launch(t)
		if err := syscall.Kill(pid(t, p), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if p.Client.Exited() {
			t.Fatal("the process exited on SIGINT")
		}
		if err := p.Ping(); err != nil {
			t.Fatalf("Ping after SIGINT: %v", err)
		}
	})

	t.Run("run without the magic cookie it prints go-plugin's message and exits 1", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, mustAbs(t, pluginBinary()))
		cmd.Dir = t.TempDir()
		cmd.Env = []string{"PLUGIN_PROTOCOL_VERSIONS=2"}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Fatalf("exit = %v, want status 1", err)
		}
		const want = "This binary is a plugin. These are not meant to be executed directly.\n" +
			"Please execute the program that consumes these plugins, which will\n" +
			"load any plugins automatically\n"
		if !bytes.Contains(stderr.Bytes(), []byte(want)) {
			t.Errorf("stderr does not contain go-plugin's message:\n%s", stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout is not empty: %q", stdout.String())
		}
	})
}
