package main

import (
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// defaultResponseLimit is the per-query response cap when Grafana does not send GF_RESPONSE_LIMIT.
const defaultResponseLimit = 64 << 20

// responseLimit is GF_RESPONSE_LIMIT from the request's Grafana config, or the default.
func responseLimit(pc backend.PluginContext) int64 {
	if pc.GrafanaConfig != nil {
		if l := pc.GrafanaConfig.ResponseLimit(); l > 0 {
			return l
		}
	}
	return defaultResponseLimit
}

// enforceLimit replaces each response whose Arrow-encoded frames exceed limit with a clear
// per-query error, as the dsforge runtime does, so the other queries are still answered.
func enforceLimit(res *backend.QueryDataResponse, limit int64) {
	for refID, r := range res.Responses {
		if len(r.Frames) == 0 {
			continue
		}
		encoded, err := r.Frames.MarshalArrow()
		if err != nil {
			res.Responses[refID] = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				"frames could not be encoded: "+err.Error())
			continue
		}
		var size int64
		for _, b := range encoded {
			size += int64(len(b))
		}
		if size > limit {
			res.Responses[refID] = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				fmt.Sprintf("response for query %s is %d bytes, over the response limit of %d bytes (GF_RESPONSE_LIMIT)", refID, size, limit))
		}
	}
}
