package main

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
)

var _ backend.QueryChunkedDataHandler = (*instance)(nil)

// QueryChunkedData serves chunked queries from QueryData the way the SDK itself does for a
// QueryData handler: datasource.QueryTypeMux's fallback runs each query on its own and writes one
// chunk per frame (frameId "f<i>") followed by the query's error, through the SDK's chunk writer.
// Without this method datasource.Manage answers UNIMPLEMENTED.
func (d *instance) QueryChunkedData(ctx context.Context, req *backend.QueryChunkedDataRequest, w backend.ChunkedDataWriter) error {
	mux := datasource.NewQueryTypeMux()
	mux.Handle("", d)
	return mux.QueryChunkedData(ctx, req, w)
}
