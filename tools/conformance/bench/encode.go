package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// EncodeResult is the Go SDK's Arrow encoding of an N-row frame (time, float64, string label).
type EncodeResult struct {
	Rows       int     `json:"rows"`
	BuildMs    float64 `json:"buildMs"`
	EncodeMs   float64 `json:"encodeMs"`
	Bytes      int     `json:"bytes"`
	MBPerSec   float64 `json:"mbPerSec"`
	PeakRSSMiB float64 `json:"peakRssMiB"`
}

// EncodeChild builds and encodes the frame in this process and writes EncodeResult JSON to
// stdout. It is run in a fresh subprocess so peak RSS (VmHWM) belongs to the encoding alone.
func EncodeChild(rows int) error {
	t0 := time.Now()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	times := make([]time.Time, rows)
	values := make([]float64, rows)
	labels := make([]string, rows)
	for i := range rows {
		times[i] = from.Add(time.Duration(i) * time.Second)
		values[i] = float64(i) * 1.5
		labels[i] = "series-" + strconv.Itoa(i%10)
	}
	f := data.NewFrame("rows", data.NewField("time", nil, times), data.NewField("value", nil, values), data.NewField("label", nil, labels))
	built := time.Since(t0)
	t1 := time.Now()
	b, err := f.MarshalArrow()
	if err != nil {
		return err
	}
	enc := time.Since(t1)
	runtime.KeepAlive(f)
	res := EncodeResult{
		Rows: rows, BuildMs: ms(built), EncodeMs: ms(enc), Bytes: len(b),
		MBPerSec: float64(len(b)) / (1 << 20) / enc.Seconds(), PeakRSSMiB: peakRSSMiB(),
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// Encode runs EncodeChild in a subprocess of this executable (flag childFlag) and reads its result.
func Encode(rows int, childFlag string) (EncodeResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return EncodeResult{}, err
	}
	out, err := exec.Command(exe, childFlag, "-encode-rows", strconv.Itoa(rows)).Output()
	if err != nil {
		return EncodeResult{}, fmt.Errorf("encode subprocess: %w", err)
	}
	var r EncodeResult
	if err := json.Unmarshal(out, &r); err != nil {
		return EncodeResult{}, fmt.Errorf("encode subprocess output %q: %w", out, err)
	}
	return r, nil
}

// peakRSSMiB reads VmHWM (peak resident set) from /proc/self/status; 0 where unavailable.
func peakRSSMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
