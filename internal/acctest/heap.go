package acctest

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// MeasureHeap runs f once and returns how far the live heap rose above its
// level before f (sampled every 200µs while f runs) and how much f's result
// keeps alive after a collection.
func MeasureHeap(f func() any) (peak, retained uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := heap()
	done := make(chan struct{})
	var peakHeap uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if h := heap(); h > peakHeap {
				peakHeap = h
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	res := f()
	close(done)
	wg.Wait()
	if h := heap(); h > peakHeap {
		peakHeap = h
	}
	runtime.GC()
	kept := heap()
	runtime.KeepAlive(res)
	if peakHeap > base {
		peak = peakHeap - base
	}
	if kept > base {
		retained = kept - base
	}
	return peak, retained
}
