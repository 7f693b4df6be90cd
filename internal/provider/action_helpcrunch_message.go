package provider

import (
	"context"
	"fmt"
	"math/big"

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
	_ validator.Number           = positiveIDValidator{}
)

// positiveIDValidator accepts a whole number from 1 to the largest int64. The
// attributes it checks are numbers rather than int64s so that a fraction
// such as 1.5 is an attribute error at plan time, not a conversion failure.
type positiveIDValidator struct{}

func (positiveIDValidator) Description(context.Context) string {
	return "must be a whole number of at least 1"
}

func (v positiveIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v positiveIDValidator) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f := req.ConfigValue.ValueBigFloat()
	if n, acc := f.Int64(); !f.IsInt() || acc != big.Exact || n < 1 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ID",
			fmt.Sprintf("%s %s, got %s.", req.Path, v.Description(ctx), f.Text('g', -1)))
	}
}

// NewHelpCrunchMessageAction returns the chatops_helpcrunch_message action.
func NewHelpCrunchMessageAction() action.Action {
	return &helpcrunchMessageAction{}
}

type helpcrunchMessageAction struct {
	helpcrunchActionBase
}

type helpcrunchMessageModel struct {
	Chat         types.Number `tfsdk:"chat"`
	Text         types.String `tfsdk:"text"`
	MarkdownText types.String `tfsdk:"markdown_text"`
	Agent        types.Number `tfsdk:"agent"`
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
			"chat": schema.NumberAttribute{
				MarkdownDescription: "Id of the chat to post to: a whole number of at least 1, for example `chatops_helpcrunch_chat.support.id`. Required.",
				Required:            true,
				Validators:          []validator.Number{positiveIDValidator{}},
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
			"agent": schema.NumberAttribute{
				MarkdownDescription: "Id of the agent the message is posted as: a whole number of at least 1. Required: HelpCrunch needs it for an agent's message.",
				Required:            true,
				Validators:          []validator.Number{positiveIDValidator{}},
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
	// The validator has made sure both are whole numbers within int64.
	agent, _ := m.Agent.ValueBigFloat().Int64()
	chat, _ := m.Chat.ValueBigFloat().Int64()
	create := &client.HelpCrunchCreateMessageRequest{
		Chat:         chat,
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
