package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewDevRevConversationsDataSource returns the chatops_devrev_conversations data source.
func NewDevRevConversationsDataSource() datasource.DataSource {
	return &devrevConversationsDataSource{}
}

type devrevConversationsDataSource struct{ devrevDataSourceBase }

func (d *devrevConversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_devrev_conversations"
}

func (d *devrevConversationsDataSource) Schema(context.Context, datasource.SchemaRequest, *datasource.SchemaResponse) {
}
func (d *devrevConversationsDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse) {
}
