package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ action.Action              = (*helpcrunchMessageAction)(nil)
	_ action.ActionWithConfigure = (*helpcrunchMessageAction)(nil)
)

// NewHelpCrunchMessageAction returns the chatops_helpcrunch_message action.
func NewHelpCrunchMessageAction() action.Action {
	return &helpcrunchMessageAction{helpcrunchActionBase{typeName: "helpcrunch_message"}}
}

type helpcrunchMessageAction struct{ helpcrunchActionBase }

type helpcrunchMessageModel struct {
	Chat         framework.WholeNumber `tfsdk:"chat"`
	Text         types.String          `tfsdk:"text"`
	MarkdownText types.String          `tfsdk:"markdown_text"`
	Agent        framework.WholeNumber `tfsdk:"agent"`
	Type         types.String          `tfsdk:"type"`
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
			"chat": schema.NumberAttribute{
				MarkdownDescription: "Id of the chat to post to: a whole number of at least 1, for example `chatops_helpcrunch_chat.support.id`. Required.",
				Required:            true,
				CustomType:          framework.WholeNumberType{},
				Validators:          []validator.Number{framework.PositiveWholeNumber()},
			},
			"text": schema.StringAttribute{
				MarkdownDescription: "Text of the message. Required and must not be empty or blank.",
				Required:            true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"markdown_text": schema.StringAttribute{
				MarkdownDescription: "The same message with markdown formatting (bold, italic, ...). Optional; when set, " +
					"HelpCrunch shows it instead of `text`. Must not be blank when set.",
				Optional:   true,
				Validators: []validator.String{framework.NotBlank()},
			},
			"agent": schema.NumberAttribute{
				MarkdownDescription: "Id of the agent the message is posted as: a whole number of at least 1. Required: HelpCrunch needs it for an agent's message.",
				Required:            true,
				CustomType:          framework.WholeNumberType{},
				Validators:          []validator.Number{framework.PositiveWholeNumber()},
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
	typ := client.HelpCrunchMessageTypeMessage
	if !m.Type.IsNull() {
		typ = m.Type.ValueString()
	}
	create := &client.HelpCrunchCreateMessageRequest{
		Chat:         m.Chat.ValueInt64(),
		Text:         m.Text.ValueString(),
		MarkdownText: m.MarkdownText.ValueStringPointer(),
		Agent:        m.Agent.ValueInt64Pointer(),
		Type:         typ,
	}
	target := fmt.Sprintf("chat %d", create.Chat)
	postMessage(ctx, resp, "HelpCrunch", target, fmt.Sprintf("a %s to HelpCrunch %s as agent %d", typ, target, *create.Agent),
		map[string]any{"chat": create.Chat, "agent": *create.Agent, "type": typ, "text_length": len(create.Text)},
		"Check that chat is the id of an existing HelpCrunch chat and agent the id of an agent of the account.",
		func() (string, error) {
			msg, err := a.client.Messages.Create(ctx, create)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("message %d to HelpCrunch %s", msg.ID, target), nil
		})
}
