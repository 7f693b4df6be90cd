package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewHelpCrunchChatsDataSource returns the chatops_helpcrunch_chats data source.
func NewHelpCrunchChatsDataSource() datasource.DataSource { return &helpcrunchChatsDataSource{} }

type helpcrunchChatsDataSource struct{ helpcrunchDataSourceBase }

func (d *helpcrunchChatsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_helpcrunch_chats"
}

func (d *helpcrunchChatsDataSource) Schema(context.Context, datasource.SchemaRequest, *datasource.SchemaResponse) {
}
func (d *helpcrunchChatsDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse) {
}
