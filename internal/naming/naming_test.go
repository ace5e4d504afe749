package naming

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "UserID": "user_id", "CreatedAt": "created_at", "HTTPStatus": "http_status",
		"Address2": "address2", "A": "a", "name": "name", "URLPath": "url_path", "OrderID2X": "order_id2_x",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}
