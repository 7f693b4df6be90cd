package provider

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ action.Action              = (*devrevMessageAction)(nil)
	_ action.ActionWithConfigure = (*devrevMessageAction)(nil)
)

// devrevObjectIDPattern accepts the two forms of a DevRev object id: a DON id
// (don:core:dvrv-us-1:devo/0:dm/1) or a display id (DM-1, CONV-12). It
// catches typos at plan time without restricting which kind of object the
// API may accept.
var devrevObjectIDPattern = regexp.MustCompile(`^(don:[a-z_]+:\S+|[A-Za-z][A-Za-z0-9_]*-[0-9]+)$`)

// devrevMessageBodyTypes are the body types of a comment the action can send:
// the spec's data, snap_kit and snap_widget take structured bodies instead of
// text.
var devrevMessageBodyTypes = []string{client.TimelineCommentBodyTypeText}

// devrevObjectIDValidator reports one error per bad target: blank, or not of
// either id form.
type devrevObjectIDValidator struct{ framework.Described }

// devrevObjectID is the validator of a DevRev object id.
func devrevObjectID() validator.String {
	return devrevObjectIDValidator{"must be a DevRev DON id (don:...) or display id such as DM-1 or CONV-12"}
}

func (v devrevObjectIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !framework.Known(req.ConfigValue) {
		return
	}
	id := req.ConfigValue.ValueString()
	if strings.TrimSpace(id) == "" {
		framework.NotBlank().ValidateString(ctx, req, resp)
		return
	}
	if !devrevObjectIDPattern.MatchString(id) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid DevRev ID", fmt.Sprintf("%q is not a DevRev id: %s %s.", id, req.Path, v.Description(ctx)))
	}
}

// NewDevRevMessageAction returns the chatops_devrev_message action.
func NewDevRevMessageAction() action.Action {
	return &devrevMessageAction{devrevActionBase{typeName: "devrev_message"}}
}

type devrevMessageAction struct{ devrevActionBase }

type devrevMessageModel struct {
	Target     types.String `tfsdk:"target"`
	Body       types.String `tfsdk:"body"`
	BodyType   types.String `tfsdk:"body_type"`
	Visibility types.String `tfsdk:"visibility"`
}

func (a *devrevMessageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Posts a comment to the timeline of a DevRev chat (DM) or conversation with " +
			"timeline-entries.create. Run it with `terraform apply -invoke=action.chatops_devrev_message.NAME`, or from a " +
			"resource's `lifecycle { action_trigger { ... } }` after it is created or updated. Each invocation posts one " +
			"comment. A request is retried only when DevRev cannot have received it (a 429, or a connection that failed " +
			"before the request was sent); when an answer is lost after the request was sent, the action fails and says the " +
			"comment may have been posted, instead of risking a second one. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"target": schema.StringAttribute{
				MarkdownDescription: "Id of the chat or conversation to post to: a DON id (`don:core:...:dm/1`, " +
					"`don:core:...:conversation/12`) or a display id (`DM-1`, `CONV-12`), for example " +
					"`chatops_devrev_chat.ops.id`. Required; an empty or malformed id fails at plan time, before any request.",
				Required:   true,
				Validators: []validator.String{devrevObjectID()},
			},
			"body": schema.StringAttribute{
				MarkdownDescription: "Text of the comment; DevRev renders it as markdown. Required and must not be empty or blank.",
				Required:            true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"body_type": schema.StringAttribute{
				MarkdownDescription: "How DevRev reads `body`. Only `text` is allowed, which is also what DevRev uses when it " +
					"is unset (the default); the API's other body types (`data`, `snap_kit`, `snap_widget`) take structured " +
					"bodies this action does not send.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(devrevMessageBodyTypes...)},
			},
			"visibility": schema.StringAttribute{
				MarkdownDescription: "Who can see the comment: `external` (DevRev's default when unset: the organization and " +
					"its customers), `internal` (the organization only), `private` (only the token's user) or `public` (everyone).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.TimelineEntryVisibilities...)},
			},
		},
	}
}

func (a *devrevMessageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m devrevMessageModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	target := m.Target.ValueString()
	body := m.Body.ValueString()
	create := &client.DevRevTimelineEntryCreateRequest{
		Type:       client.TimelineEntryTypeComment,
		Object:     target,
		Body:       &body,
		BodyType:   m.BodyType.ValueStringPointer(),
		Visibility: m.Visibility.ValueStringPointer(),
	}
	postMessage(ctx, resp, "DevRev", target, "a comment to DevRev "+target, map[string]any{"target": target, "body_length": len(body)},
		"Check that target is the id or display id of an existing DevRev chat (DM-...) or conversation (CONV-...) that the token's user can see.",
		func() (string, error) {
			entry, err := a.client.TimelineEntries.Create(ctx, create)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("comment %s to DevRev %s", entry.ID, cmp.Or(entry.ObjectDisplayID, target)), nil
		})
}
