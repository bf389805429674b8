package web

import (
	"errors"
	"io"
	"net/http"
	"unicode/utf8"
)

// uploadRefusal says why readUpload turned an upload down; the callers
// show their own message for each.
type uploadRefusal int

const (
	uploadAccepted   uploadRefusal = iota
	uploadTooLarge                 // the request is over the limit: 413
	uploadNoFile                   // not multipart, or no file field: 422
	uploadUnreadable               // the multipart form is damaged: 422
)

// readUpload reads the file of an import form (field "file") from a
// request of at most limit bytes, the file and the form around it. It
// returns the cleaned file name, cut to 100 characters, and the file's
// content. A refusal other than uploadAccepted means the request was
// turned down and err is nil; err is for failures of the server.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) (name string, data []byte, refusal uploadRefusal, err error) {
	if r.ContentLength > limit {
		return "", nil, uploadTooLarge, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(limit); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return "", nil, uploadTooLarge, nil
		case errors.Is(err, http.ErrNotMultipart):
			return "", nil, uploadNoFile, nil
		}
		return "", nil, uploadUnreadable, nil
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, uploadNoFile, nil
	}
	defer file.Close()
	data, err = io.ReadAll(file)
	if err != nil {
		return "", nil, uploadAccepted, err
	}
	name = clean(hdr.Filename)
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	return name, data, uploadAccepted, nil
}
