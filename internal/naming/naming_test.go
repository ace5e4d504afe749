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

func TestCamel(t *testing.T) {
	for in, want := range map[string]string{
		"artist_id": "ArtistID", "avatar_url": "AvatarURL", "media_type": "MediaType", "id": "ID",
		"reports_to": "ReportsTo", "address2": "Address2", "2fa": "X2fa", "weird-name": "WeirdName",
	} {
		if got := Camel(in); got != want {
			t.Errorf("Camel(%q) = %q, want %q", in, got, want)
		}
		if got := Snake(Camel(in)); got != in && in != "2fa" && in != "weird-name" {
			t.Errorf("Snake(Camel(%q)) = %q", in, got)
		}
	}
}

func TestSingularPlural(t *testing.T) {
	for in, want := range map[string]string{
		"categories": "category", "users": "user", "addresses": "address", "artist": "artist",
		"status": "status", "boxes": "box", "product_tags": "product_tag", "items": "item",
	} {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"User": "Users", "Category": "Categories", "Address": "Addresses", "Day": "Days"} {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
}
