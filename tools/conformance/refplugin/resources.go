package main

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// CallResource serves echo, chunks and stats; anything else is a JSON 404.
func (d *instance) CallResource(_ context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	switch req.Path {
	case "echo":
		var user any
		if u := req.PluginContext.User; u != nil {
			user = u.Login
		}
		return sendJSON(sender, http.StatusOK, map[string]any{
			"method": req.Method, "path": req.Path, "url": req.URL, "body": string(req.Body), "user": user,
		})
	case "chunks":
		for i, part := range []string{"one\n", "two\n", "three\n"} {
			resp := &backend.CallResourceResponse{Body: []byte(part)}
			if i == 0 {
				resp.Status = http.StatusOK
				resp.Headers = map[string][]string{"content-type": {"text/plain"}}
			}
			if err := sender.Send(resp); err != nil {
				return err
			}
		}
		return nil
	case "stats":
		return sendJSON(sender, http.StatusOK, map[string]any{
			"cancelled": cancelledQueries.Load(), "instances": instancesCreated.Load(),
		})
	default:
		return sendJSON(sender, http.StatusNotFound, map[string]any{"message": "no resource at " + req.Path})
	}
}

func sendJSON(sender backend.CallResourceResponseSender, status int, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return sender.Send(&backend.CallResourceResponse{
		Status:  status,
		Headers: map[string][]string{"content-type": {"application/json"}},
		Body:    b,
	})
}
