package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ action.Action              = (*helpcrunchMessageAction)(nil)
	_ action.ActionWithConfigure = (*helpcrunchMessageAction)(nil)
)

// NewHelpCrunchMessageAction returns the chatops_helpcrunch_message action.
func NewHelpCrunchMessageAction() action.Action {
	return &helpcrunchMessageAction{}
}

type helpcrunchMessageAction struct {
	helpcrunchActionBase
}

type helpcrunchMessageModel struct {
	Chat         types.Int64  `tfsdk:"chat"`
	Text         types.String `tfsdk:"text"`
	MarkdownText types.String `tfsdk:"markdown_text"`
	Agent        types.Int64  `tfsdk:"agent"`
	Type         types.String `tfsdk:"type"`
}

func (a *helpcrunchMessageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_helpcrunch_message"
}

func (a *helpcrunchMessageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Posts a message to a HelpCrunch chat on behalf of an agent (POST /messages). Run it with " +
			"`terraform apply -invoke=action.chatops_helpcrunch_message.NAME`, or from a resource's " +
			"`lifecycle { action_trigger { ... } }` after it is created or updated. Each invocation posts one message. " +
			"A request is retried only when HelpCrunch cannot have received it (a 429, or a connection that failed before " +
			"the request was sent); when an answer is lost after the request was sent, the action fails and says the " +
			"message may have been posted, instead of risking a second one. A `message` to a chat without messages " +
			"(status `empty`) changes its status as HelpCrunch decides. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"chat": schema.Int64Attribute{
				MarkdownDescription: "Id of the chat to post to (at least 1), for example `chatops_helpcrunch_chat.support.id`. Required.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"text": schema.StringAttribute{
				MarkdownDescription: "Text of the message. Required and must not be empty or blank.",
				Required:            true,
				Validators:          []validator.String{notBlank()},
			},
			"markdown_text": schema.StringAttribute{
				MarkdownDescription: "The same message with markdown formatting (bold, italic, ...). Optional; when set, " +
					"HelpCrunch shows it instead of `text`. Must not be blank when set.",
				Optional:   true,
				Validators: []validator.String{notBlank()},
			},
			"agent": schema.Int64Attribute{
				MarkdownDescription: "Id of the agent the message is posted as (at least 1). Required: HelpCrunch needs it for an agent's message.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "`message` (default when unset): a chat message the customer sees; `private`: a note only agents see.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(client.HelpCrunchMessageTypeMessage, client.HelpCrunchMessageTypePrivate)},
			},
		},
	}
}

func (a *helpcrunchMessageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m helpcrunchMessageModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.client == nil {
		resp.Diagnostics.AddError("HelpCrunch Is Not Configured", "The provider has no HelpCrunch client; set helpcrunch.api_key in the provider block, or the "+EnvHelpCrunchAPIKey+" environment variable.")
		return
	}
	typ := client.HelpCrunchMessageTypeMessage
	if !m.Type.IsNull() {
		typ = m.Type.ValueString()
	}
	agent := m.Agent.ValueInt64()
	create := &client.HelpCrunchCreateMessageRequest{
		Chat:         m.Chat.ValueInt64(),
		Text:         m.Text.ValueString(),
		MarkdownText: m.MarkdownText.ValueStringPointer(),
		Agent:        &agent,
		Type:         typ,
	}
	target := fmt.Sprintf("chat %d", create.Chat)

	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Posting a %s to HelpCrunch %s as agent %d", typ, target, agent)})
	tflog.Debug(ctx, "Posting a HelpCrunch message", map[string]any{"chat": create.Chat, "agent": agent, "type": typ, "text_length": len(create.Text)})
	msg, err := a.client.Messages.Create(ctx, create)
	if err != nil {
		addPostMessageError(&resp.Diagnostics, "HelpCrunch", target, err,
			"Check that chat is the id of an existing HelpCrunch chat and agent the id of an agent of the account.")
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Posted message %d to HelpCrunch %s", msg.ID, target)})
	tflog.Trace(ctx, "Posted a HelpCrunch message", map[string]any{"id": msg.ID, "chat": msg.Chat})
}
