// Package framework holds what every chatops resource, data source, list
// resource and action shares on terraform-plugin-framework: the custom types
// (a DevRev user id, a whole number), plan modifiers, validators, helpers on
// framework values and the timeouts wiring. It keeps internal/provider to the
// types users write: their schemas, their CRUD and the mapping between model
// and client, as HashiCorp's tls and random providers keep their plan
// modifiers and validators apart from their resources.
//
// Nothing here knows the chat APIs' clients: what maps a client's objects to
// a model stays with the resource that does it.
package framework
