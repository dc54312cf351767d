package server_test

import (
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/store/memstore"
)

func Example() {
	st := memstore.New(nil)
	defer st.Close()
	srv, err := server.New(st, &server.Options{Version: "1.0.0"})
	if err != nil {
		fmt.Println(err)
		return
	}
	h := srv.Handler()

	for _, target := range []string{"/healthz", "/api/v1/events?from=2024-13-01"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		body, _ := io.ReadAll(w.Body)
		fmt.Printf("%d %s", w.Code, body)
	}
	// Output:
	// 200 {"status":"ok"}
	// 422 {"title":"Unprocessable Entity","status":422,"detail":"from: month out of range, want YYYY-MM-DD","errors":[{"message":"month out of range, want YYYY-MM-DD","location":"query.from","value":"2024-13-01"}]}
}
