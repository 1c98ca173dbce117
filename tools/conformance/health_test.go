package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

func TestCheckHealth(t *testing.T) {
	check := func(t *testing.T, uid, jsonData string) *pluginv2.CheckHealthResponse {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := shared(t).Diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
			PluginContext: pluginContext(uid, jsonData, nil),
		})
		if err != nil {
			t.Fatalf("CheckHealth: %v", err)
		}
		return res
	}

	t.Run("CheckHealth reports OK with its message and a JSON object in jsonDetails", func(t *testing.T) {
		res := check(t, dsUID, "{}")
		if res.Status != pluginv2.CheckHealthResponse_OK {
			t.Errorf("status = %v, want OK", res.Status)
		}
		if res.Message != "Example datasource is working" {
			t.Errorf("message = %q", res.Message)
		}
		var details map[string]any
		if err := json.Unmarshal(res.JsonDetails, &details); err != nil {
			t.Fatalf("jsonDetails %q is not a JSON object (Grafana answers 500): %v", res.JsonDetails, err)
		}
		if details["uid"] != dsUID {
			t.Errorf("jsonDetails.uid = %v, want %s", details["uid"], dsUID)
		}
		if _, ok := details["instance"].(float64); !ok {
			t.Errorf("jsonDetails.instance = %v, want a number", details["instance"])
		}
		if bytes.Contains(res.JsonDetails, []byte(secret)) {
			t.Error("jsonDetails contains the datasource's secret apiKey")
		}
	})

	t.Run("CheckHealth reports ERROR when jsonData.failHealth is set", func(t *testing.T) {
		res := check(t, dsUID+"-fail", `{"failHealth":true}`)
		if res.Status != pluginv2.CheckHealthResponse_ERROR {
			t.Errorf("status = %v, want ERROR", res.Status)
		}
		if res.Message != "Health check failed because jsonData.failHealth is set" {
			t.Errorf("message = %q", res.Message)
		}
		if len(res.JsonDetails) > 0 {
			var details map[string]any
			if err := json.Unmarshal(res.JsonDetails, &details); err != nil {
				t.Errorf("jsonDetails %q is present but not a JSON object: %v", res.JsonDetails, err)
			}
		}
	})
}
