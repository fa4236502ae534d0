//go:build tools

// Package tools only pins the command the harness builds.
package tools

import _ "github.com/cert-manager/cmctl/v2"
