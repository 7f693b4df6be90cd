package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// NewDevRevChatResource returns the chatops_devrev_chat resource.
func NewDevRevChatResource() resource.Resource { return &devrevChatResource{} }

type devrevChatResource struct{ devrevResourceBase }

func (r *devrevChatResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_devrev_chat"
}

func (r *devrevChatResource) Schema(context.Context, resource.SchemaRequest, *resource.SchemaResponse) {
}
func (r *devrevChatResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {
}
func (r *devrevChatResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}
func (r *devrevChatResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
}
func (r *devrevChatResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

var _ = schema.Schema{}
