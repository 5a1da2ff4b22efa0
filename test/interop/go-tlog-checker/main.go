// An independent check of the service's transparency-log formats, built against Go's
// golang.org/x/mod/sumdb/tlog and sumdb/note (Debian: golang-golang-x-mod-dev). It reads test
// vectors the TypeScript implementation produced (JSON on stdin), recomputes everything with
// Go's code, and prints what it found (JSON on stdout). The jest test compares both.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusion struct {
	Index int64    `json:"index"`
	Size  int64    `json:"size"`
	Proof []string `json:"proof"`
}

type consistency struct {
	Old   int64    `json:"old"`
	New   int64    `json:"new"`
	Proof []string `json:"proof"`
}

type vectors struct {
	// Leaf data (hex): the entries' committed hashes.
	Leaves      []string      `json:"leaves"`
	Sizes       []int64       `json:"sizes"`
	Inclusion   []inclusion   `json:"inclusion"`
	Consistency []consistency `json:"consistency"`
	Note        string        `json:"note"`
	Vkey        string        `json:"vkey"`
	BadNote     string        `json:"badNote"`
}

type result struct {
	Roots              map[string]string `json:"roots"`
	InclusionProofs    [][]string        `json:"inclusionProofs"`
	InclusionChecks    []bool            `json:"inclusionChecks"`
	ConsistencyProofs  [][]string        `json:"consistencyProofs"`
	ConsistencyChecks  []bool            `json:"consistencyChecks"`
	NoteText           string            `json:"noteText"`
	NoteVerified       bool              `json:"noteVerified"`
	BadNoteRejected    bool              `json:"badNoteRejected"`
}

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}

func main() {
	var v vectors
	if err := json.NewDecoder(os.Stdin).Decode(&v); err != nil {
		fail(err)
	}
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			out[i] = stored[index]
		}
		return out, nil
	})
	for i, leafHex := range v.Leaves {
		data, err := hex.DecodeString(leafHex)
		if err != nil {
			fail(err)
		}
		hashes, err := tlog.StoredHashes(int64(i), data, reader)
		if err != nil {
			fail(err)
		}
		stored = append(stored, hashes...)
	}
	res := result{Roots: map[string]string{}}
	roots := map[int64]tlog.Hash{}
	for _, n := range v.Sizes {
		h, err := tlog.TreeHash(n, reader)
		if err != nil {
			fail(err)
		}
		roots[n] = h
		res.Roots[fmt.Sprint(n)] = b64(h)
	}
	decode := func(list []string) []tlog.Hash {
		out := make([]tlog.Hash, len(list))
		for i, s := range list {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil || len(b) != tlog.HashSize {
				fail(fmt.Errorf("bad hash %q", s))
			}
			copy(out[i][:], b)
		}
		return out
	}
	for _, c := range v.Inclusion {
		p, err := tlog.ProveRecord(c.Size, c.Index, reader)
		if err != nil {
			fail(err)
		}
		proof := []string{}
		for _, h := range p {
			proof = append(proof, b64(h))
		}
		res.InclusionProofs = append(res.InclusionProofs, proof)
		data, _ := hex.DecodeString(v.Leaves[c.Index])
		err = tlog.CheckRecord(tlog.RecordProof(decode(c.Proof)), c.Size, roots[c.Size], c.Index, tlog.RecordHash(data))
		res.InclusionChecks = append(res.InclusionChecks, err == nil)
	}
	for _, c := range v.Consistency {
		p, err := tlog.ProveTree(c.New, c.Old, reader)
		if err != nil {
			fail(err)
		}
		proof := []string{}
		for _, h := range p {
			proof = append(proof, b64(h))
		}
		res.ConsistencyProofs = append(res.ConsistencyProofs, proof)
		err = tlog.CheckTree(tlog.TreeProof(decode(c.Proof)), c.New, roots[c.New], c.Old, roots[c.Old])
		res.ConsistencyChecks = append(res.ConsistencyChecks, err == nil)
	}
	verifier, err := note.NewVerifier(v.Vkey)
	if err != nil {
		fail(err)
	}
	if n, err := note.Open([]byte(v.Note), note.VerifierList(verifier)); err == nil {
		res.NoteVerified = len(n.Sigs) == 1
		res.NoteText = n.Text
	}
	if _, err := note.Open([]byte(v.BadNote), note.VerifierList(verifier)); err != nil {
		res.BadNoteRejected = true
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fail(err)
	}
}
