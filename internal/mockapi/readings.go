package mockapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Where an API's docs disagree with themselves, its fake can answer in
// either reading: a Reading names the question and the answers it can give,
// the first being the fake's default. The provider must be right in every
// reading, so its tests run the affected behaviour in each.
//
// GET /__mock/readings shows every platform's current readings,
// POST /__mock/readings {"helpcrunch": {"status_search": "codes"}} sets some,
// DELETE /__mock/readings puts the defaults back.
type Reading struct {
	// Name is the question, e.g. "status_search".
	Name string
	// Values are the answers; Values[0] is the default.
	Values []string
	// Doc says what each answer means, for the control API's errors and the
	// program's -h.
	Doc string
}

// Readings is the set of a platform's readings and their current values.
// Its zero value has none; platforms embed one and call Define.
type Readings struct {
	mu      sync.Mutex
	defined []Reading
	current map[string]string
}

// Define adds the readings the platform offers, each at its default.
func (r *Readings) Define(readings ...Reading) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current == nil {
		r.current = map[string]string{}
	}
	for _, d := range readings {
		r.defined = append(r.defined, d)
		r.current[d.Name] = d.Values[0]
	}
}

// DefineAndSet defines readings, then answers them as values (by name)
// says; an unknown question or answer is SetReading's error.
func (r *Readings) DefineAndSet(readings []Reading, values map[string]string) error {
	r.Define(readings...)
	for name, value := range values {
		if err := r.SetReading(name, value); err != nil {
			return err
		}
	}
	return nil
}

// Reading is the current answer to the question name ("" if undefined).
func (r *Readings) Reading(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current[name]
}

// SetReading answers the question name with value; an unknown question or
// answer is an error that lists what there is.
func (r *Readings) SetReading(name, value string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.defined {
		if d.Name != name {
			continue
		}
		if !slices.Contains(d.Values, value) {
			return fmt.Errorf("reading %s: %q is not one of %s", name, value, strings.Join(d.Values, ", "))
		}
		r.current[name] = value
		return nil
	}
	names := make([]string, len(r.defined))
	for i, d := range r.defined {
		names[i] = d.Name
	}
	return fmt.Errorf("no reading %q (there are: %s)", name, strings.Join(names, ", "))
}

// CurrentReadings is every question with its current answer.
func (r *Readings) CurrentReadings() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.current)
}

// DefinedReadings are the questions and their answers.
func (r *Readings) DefinedReadings() []Reading {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.defined)
}

// ResetReadings puts every question back to its default.
func (r *Readings) ResetReadings() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.defined {
		r.current[d.Name] = d.Values[0]
	}
}

// readingsPlatform is a Platform with readings (one that embeds Readings).
type readingsPlatform interface {
	Platform
	SetReading(name, value string) error
	CurrentReadings() map[string]string
	DefinedReadings() []Reading
	ResetReadings()
}

// SetReadings sets readings by platform name, e.g.
// {"helpcrunch": {"status_search": "codes"}}; nothing is set when any of
// them is unknown.
func (s *Server) SetReadings(readings map[string]map[string]string) error {
	byName := map[string]readingsPlatform{}
	for _, p := range s.platforms {
		if rp, ok := p.(readingsPlatform); ok {
			byName[p.Name()] = rp
		}
	}
	for platform, values := range readings {
		rp, ok := byName[platform]
		if !ok {
			return fmt.Errorf("platform %q has no readings", platform)
		}
		check := &Readings{}
		if err := check.DefineAndSet(rp.DefinedReadings(), values); err != nil {
			return fmt.Errorf("%s: %w", platform, err)
		}
	}
	for platform, values := range readings {
		for name, value := range values {
			_ = byName[platform].SetReading(name, value)
		}
	}
	return nil
}

// CurrentReadings is every platform's current readings, by platform name.
func (s *Server) CurrentReadings() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, p := range s.platforms {
		if rp, ok := p.(readingsPlatform); ok {
			out[p.Name()] = rp.CurrentReadings()
		}
	}
	return out
}

func (s *Server) registerReadingsControl() {
	s.controlMux.HandleFunc("GET /__mock/readings", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, s.CurrentReadings())
	})
	s.controlMux.HandleFunc("POST /__mock/readings", func(w http.ResponseWriter, r *http.Request) {
		var readings map[string]map[string]string
		if err := json.NewDecoder(r.Body).Decode(&readings); err != nil {
			http.Error(w, "readings: "+err.Error(), http.StatusBadRequest)
			return
		}
		if err := s.SetReadings(readings); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		WriteJSON(w, http.StatusOK, s.CurrentReadings())
	})
	s.controlMux.HandleFunc("DELETE /__mock/readings", func(w http.ResponseWriter, _ *http.Request) {
		for _, p := range s.platforms {
			if rp, ok := p.(readingsPlatform); ok {
				rp.ResetReadings()
			}
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
