// Command refplugin is a datasource plugin written with grafana-plugin-sdk-go that implements
// the dsforge example-datasource contract (see docs/conformance.md). It is the "known good" peer:
// every conformance check must pass against it before its verdict on a TypeScript plugin counts.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// pluginID matches the example plugin's plugin.json id.
const pluginID = "dsforge-example-datasource"

func main() {
	exitOnSIGTERM()
	if err := datasource.Manage(pluginID, newInstance, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error("plugin stopped", "error", err.Error())
		os.Exit(1)
	}
}

// exitOnSIGTERM makes SIGTERM a clean exit (status 0). A stock SDK plugin has no SIGTERM handler
// and dies by the signal; the dsforge runtime is required to exit cleanly, so the reference
// plugin does the same to keep that conformance check meaningful.
func exitOnSIGTERM() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM)
	go func() {
		<-ch
		log.DefaultLogger.Info("received SIGTERM, exiting")
		os.Exit(0)
	}()
}
