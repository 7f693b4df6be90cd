package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewDevRevChatDataSource returns the chatops_devrev_chat data source.
func NewDevRevChatDataSource() datasource.DataSource { return &devrevChatDataSource{} }

type devrevChatDataSource struct{ devrevDataSourceBase }

func (d *devrevChatDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_devrev_chat"
}

func (d *devrevChatDataSource) Schema(context.Context, datasource.SchemaRequest, *datasource.SchemaResponse) {
}
func (d *devrevChatDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse) {
}
