package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// NewHelpCrunchChatResource returns the chatops_helpcrunch_chat resource.
func NewHelpCrunchChatResource() resource.Resource { return &helpcrunchChatResource{} }

type helpcrunchChatResource struct{ helpcrunchResourceBase }

func (r *helpcrunchChatResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_helpcrunch_chat"
}

func (r *helpcrunchChatResource) Schema(context.Context, resource.SchemaRequest, *resource.SchemaResponse) {
}
func (r *helpcrunchChatResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {
}
func (r *helpcrunchChatResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}
func (r *helpcrunchChatResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
}
func (r *helpcrunchChatResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

var _ = schema.Schema{}
