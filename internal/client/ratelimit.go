package client

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// documentedRateLimitWindow is the window each API documents its rate limit
// over, for the APIs whose 429 names no wait: HelpCrunch allows 120 requests
// a minute per key and sends no Retry-After. DevRev documents Retry-After on
// every 429, so it needs no entry.
var documentedRateLimitWindow = map[string]time.Duration{
	"HelpCrunch": time.Minute,
}

// rateLimitInfoEvery spaces the INFO lines about rate-limit waits, so a long
// paced run says why it is slow without one line per request.
const rateLimitInfoEvery = time.Minute

// maxPacingBurst caps how many requests may start at once under a budget:
// Terraform's default parallelism, so a small apply is not slowed at all.
const maxPacingBurst = 10

// rateLimiter is one API client's view of its rate limit, shared by every
// request (and goroutine) of that client. It paces requests under a
// client-side budget with a token bucket, which never holds a lock while a
// request waits: parallel requests stay parallel up to the budget. It also
// remembers when the API admitted recent requests, so a 429 that names no
// wait is retried once a slot of the API's window has freed.
type rateLimiter struct {
	platform string
	// perMinute is the client-side budget; 0 means no pacing.
	perMinute int
	bucket    *rate.Limiter
	// window is the API's counting window; 0 when it is not known.
	window time.Duration
	now    func() time.Time

	mu sync.Mutex
	// admitted holds when answers other than 429 arrived within the last
	// window, oldest first: each one holds a slot of the API's window until
	// it is window old.
	admitted []time.Time
	// waiting counts requests that have claimed a slot to free: the n-th
	// waiter waits for the n-th oldest admitted request to leave the window,
	// so waiters that were refused together do not retry together.
	waiting  int
	lastInfo time.Time
}

func newRateLimiter(platform string, perMinute int, window time.Duration) *rateLimiter {
	l := &rateLimiter{platform: platform, perMinute: max(perMinute, 0), window: max(window, 0), now: time.Now}
	if l.perMinute > 0 {
		// A burst of b followed by a steady (n-b) a minute never puts more
		// than n requests into any minute, however the burst and the steady
		// requests fall: the budget is a ceiling, not an average.
		burst := min(max(l.perMinute/10, 1), maxPacingBurst)
		steady := max(l.perMinute-burst, 1)
		l.bucket = rate.NewLimiter(rate.Limit(float64(steady)/time.Minute.Seconds()), burst)
	}
	return l
}

// pace waits until the client-side budget allows one more request. It is
// called before every attempt, retries included, outside the attempt's
// timeout. It returns early, with the context's error, if ctx ends first.
func (l *rateLimiter) pace(ctx context.Context) error {
	if l == nil || l.bucket == nil {
		return nil
	}
	r := l.bucket.ReserveN(l.now(), 1)
	wait := r.DelayFrom(l.now())
	if wait <= 0 {
		return nil
	}
	l.logWait(ctx, wait, fmt.Sprintf("client-side budget of %d requests a minute (max_requests_per_minute)", l.perMinute))
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		// The token goes back to the bucket for the requests still running.
		r.CancelAt(l.now())
		return ctx.Err()
	}
}

// admit records that the API accepted a request now (answered other than 429).
func (l *rateLimiter) admit() {
	if l == nil || l.window == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.prune(now)
	l.admitted = append(l.admitted, now)
}

// prune forgets admitted requests that have left the window; l.mu is held.
func (l *rateLimiter) prune(now time.Time) {
	cut := 0
	for cut < len(l.admitted) && !l.admitted[cut].Add(l.window).After(now) {
		cut++
	}
	l.admitted = l.admitted[cut:]
}

// slotWait is how long a request refused with a 429 that named no wait must
// wait for a slot of the API's window, when it is the (waiting+1)-th in line:
// until the matching admitted request is window old, or a whole window when
// this client has not seen that many (another client may hold the slots).
// Zero when the window is not known.
func (l *rateLimiter) slotWait(now time.Time, waiting int) time.Duration {
	if waiting < len(l.admitted) {
		return min(max(l.admitted[waiting].Add(l.window).Sub(now), 0), l.window)
	}
	return l.window
}

// claimSlot is slotWait for a request that will wait: it takes its place in
// line until releaseSlot.
func (l *rateLimiter) claimSlot() time.Duration { return l.nextSlot(true) }

// peekSlot is slotWait for the next request in line, without taking its place.
func (l *rateLimiter) peekSlot() time.Duration { return l.nextSlot(false) }

func (l *rateLimiter) nextSlot(claim bool) time.Duration {
	if l == nil || l.window == 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.prune(now)
	wait := l.slotWait(now, l.waiting)
	if claim {
		l.waiting++
	}
	return wait
}

func (l *rateLimiter) releaseSlot() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.waiting > 0 {
		l.waiting--
	}
}

// logWait says that a request waits and why: at INFO for the first wait of a
// platform in each minute, at DEBUG for the others, so a slow run is never
// silent and a normal log is not flooded.
func (l *rateLimiter) logWait(ctx context.Context, wait time.Duration, reason string) {
	msg := fmt.Sprintf("%s rate limit: waiting %s", l.platform, roundWait(wait))
	fields := map[string]any{"wait_ms": wait.Milliseconds(), "reason": reason}
	if st := attemptStateFrom(ctx); st != nil {
		fields["operation"] = st.platform + " " + st.operation
	}
	l.mu.Lock()
	now := l.now()
	info := l.lastInfo.IsZero() || now.Sub(l.lastInfo) >= rateLimitInfoEvery
	if info {
		l.lastInfo = now
	}
	l.mu.Unlock()
	if info {
		tflog.Info(ctx, msg, fields)
		return
	}
	tflog.Debug(ctx, msg, fields)
}

// roundWait shows a wait as people read it: whole seconds from a second up,
// milliseconds below.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
