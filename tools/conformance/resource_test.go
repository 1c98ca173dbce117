package conformance

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestCallResource(t *testing.T) {
	t.Run("echo answers 200 with a JSON content-type and the request echoed back", func(t *testing.T) {
		msgs := callResource(t, shared(t), "POST", "echo", []byte("hello body"))
		if len(msgs) == 0 {
			t.Fatal("no response message")
		}
		if msgs[0].code != 200 {
			t.Errorf("code = %d, want 200", msgs[0].code)
		}
		if ct := headerValue(msgs[0].headers, "content-type"); ct != "application/json" && !bytes.HasPrefix([]byte(ct), []byte("application/json;")) {
			t.Errorf("content-type = %q, want application/json", ct)
		}
		body := joinBodies(msgs)
		var echo map[string]any
		if err := json.Unmarshal(body, &echo); err != nil {
			t.Fatalf("body %q is not JSON: %v", body, err)
		}
		want := map[string]any{"method": "POST", "path": "echo", "url": "echo", "body": "hello body", "user": "admin"}
		for k, v := range want {
			if echo[k] != v {
				t.Errorf("echo.%s = %#v, want %#v", k, echo[k], v)
			}
		}
		if bytes.Contains(body, []byte(secret)) {
			t.Error("echo body contains the datasource's secret apiKey")
		}
	})

	t.Run("chunks streams three messages one, two and three", func(t *testing.T) {
		msgs := callResource(t, shared(t), "GET", "chunks", nil)
		if len(msgs) != 3 {
			t.Fatalf("got %d messages, want 3", len(msgs))
		}
		if msgs[0].code != 200 {
			t.Errorf("first message code = %d, want 200", msgs[0].code)
		}
		for i, want := range []string{"one\n", "two\n", "three\n"} {
			if string(msgs[i].body) != want {
				t.Errorf("message %d body = %q, want %q", i, msgs[i].body, want)
			}
		}
	})

	t.Run("an unknown resource path is a JSON 404 naming the path", func(t *testing.T) {
		msgs := callResource(t, shared(t), "GET", "nowhere/else", nil)
		if len(msgs) == 0 || msgs[0].code != 404 {
			t.Fatalf("want a 404 message, got %+v", msgs)
		}
		var body struct {
			Message string `json:"message"`
		}
		if err := json.Unmarshal(joinBodies(msgs), &body); err != nil || body.Message != "no resource at nowhere/else" {
			t.Errorf("body %q: want {\"message\":\"no resource at nowhere/else\"} (%v)", joinBodies(msgs), err)
		}
	})

	t.Run("stats answers the cancelled and instances counters", func(t *testing.T) {
		_, instances := stats(t, shared(t))
		if instances < 1 {
			t.Errorf("instances = %v, want ≥ 1 after earlier requests", instances)
		}
	})
}
