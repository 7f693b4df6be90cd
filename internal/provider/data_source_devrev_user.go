package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ datasource.DataSource                   = (*devrevUserDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*devrevUserDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*devrevUserDataSource)(nil)
)

// NewDevRevUserDataSource returns the chatops_devrev_user data source.
func NewDevRevUserDataSource() datasource.DataSource {
	return &devrevUserDataSource{devrevDataSourceBase{typeName: "devrev_user"}}
}

type devrevUserDataSource struct{ devrevDataSourceBase }

type devrevUserDataSourceModel struct {
	Email       types.String `tfsdk:"email"`
	ID          types.String `tfsdk:"id"`
	Self        types.Bool   `tfsdk:"self"`
	DONID       types.String `tfsdk:"don_id"`
	DisplayID   types.String `tfsdk:"display_id"`
	DisplayName types.String `tfsdk:"display_name"`
	FullName    types.String `tfsdk:"full_name"`
	State       types.String `tfsdk:"state"`
}

func (d *devrevUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one DevRev dev user by email (`dev-users.list`), by id (`dev-users.get`), or as the user the " +
			"provider's token belongs to (`dev-users.self`): exactly one of `email`, `id` or `self = true`. Each lookup is one " +
			"request. Its `id` goes straight into `users`, `members` and `owned_by`, where it plans no change against the other " +
			"form (DON id or display id, `DEVU-1`) of the same user written elsewhere.",
		Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				MarkdownDescription: "Look the user up by this email address, compared by DevRev as it stores it (write it as DevRev has " +
					"it). No user with it is an error that names it; several are an error that lists them. After a lookup by `id` or " +
					"`self`, the user's email.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{framework.Email()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "Look the user up by id: a DON id (`don:identity:dvrv-us-1:devo/0:devu/1`) or a display id " +
					"(`DEVU-1`), kept as written (a data source read during an apply must give back what it was given, or every value " +
					"built from it would change). After a lookup by `email` or `self`, the user's DON id.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{framework.DevRevUserID()},
			},
			"self": schema.BoolAttribute{
				MarkdownDescription: "`true` looks up the user the provider's DevRev token belongs to. `false` is the same as leaving it out.",
				Optional:            true,
			},
			"don_id":       computed("The user's DON id, such as `don:identity:dvrv-us-1:devo/0:devu/1`, however the user was looked up."),
			"display_id":   computed("The user's display id, e.g. `DEVU-1`."),
			"display_name": computed("The user's display name (non-unique, and the user may change it)."),
			"full_name":    computed("The user's full name; null when DevRev has none."),
			"state":        computed("The user's state: `active`, `deactivated`, `deleted`, `locked`, `shadow` or `unassigned`."),
		},
	}
}

// ValidateConfig requires exactly one way to look the user up, at plan
// time and without a request.
func (d *devrevUserDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m devrevUserDataSourceModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if m.Email.IsUnknown() || m.ID.IsUnknown() || m.Self.IsUnknown() {
		return
	}
	var set []string
	if !m.Email.IsNull() {
		set = append(set, "email")
	}
	if !m.ID.IsNull() {
		set = append(set, "id")
	}
	if m.Self.ValueBool() {
		set = append(set, "self")
	}
	requireOneLookup(&resp.Diagnostics, set, "Invalid DevRev User Lookup",
		"Set exactly one of email, id or self = true to say which user to look up")
}

func (d *devrevUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m devrevUserDataSourceModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	var user *client.DevRevUser
	switch {
	case m.Self.ValueBool():
		tflog.Debug(ctx, "Looking up the token's DevRev user")
		u, err := d.client.Users.Self(ctx)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Read DevRev User", apiErrorDetail("looking up the token's DevRev user (dev-users.self)", err, ""))
			return
		}
		user = u
	case !m.ID.IsNull():
		id := m.ID.ValueString()
		tflog.Debug(ctx, "Looking up a DevRev user by id", map[string]any{"id": id})
		u, err := d.client.Users.Get(ctx, id)
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "DevRev User Not Found", fmt.Sprintf("No DevRev dev user has the id %q.", id))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable to Read DevRev User", apiErrorDetail(fmt.Sprintf("looking up DevRev user %s (dev-users.get)", id), err, ""))
			return
		}
		user = u
	default:
		user = d.byEmail(ctx, m.Email.ValueString(), &resp.Diagnostics)
		if user == nil {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &devrevUserDataSourceModel{
		Email:       asGiven(m.Email, framework.StringOrNull(user.Email)),
		ID:          asGiven(m.ID, types.StringValue(user.ID)),
		Self:        m.Self,
		DONID:       types.StringValue(user.ID),
		DisplayID:   framework.StringOrNull(user.DisplayID),
		DisplayName: framework.StringOrNull(user.DisplayName),
		FullName:    framework.StringOrNull(user.FullName),
		State:       framework.StringOrNull(user.State),
	})...)
}

// byEmail is the one user with that email, from one page of dev-users.list;
// nil, with an error that names the email or lists the users, when there is
// none or more than one.
func (d *devrevUserDataSource) byEmail(ctx context.Context, email string, diags *diag.Diagnostics) *client.DevRevUser {
	tflog.Debug(ctx, "Looking up a DevRev user by email", map[string]any{"email": email})
	page, err := d.client.Users.List(ctx, &client.DevRevUsersListRequest{Email: []string{email}})
	if err != nil {
		diags.AddError("Unable to Read DevRev User", apiErrorDetail(fmt.Sprintf("looking up the DevRev user with email %q (dev-users.list)", email), err, ""))
		return nil
	}
	switch len(page.DevUsers) {
	case 0:
		diags.AddAttributeError(path.Root("email"), "DevRev User Not Found",
			fmt.Sprintf("No DevRev dev user has the email address %q. DevRev compares the address as it stores it: check its spelling "+
				"and case in DevRev, or look the user up by id.", email))
		return nil
	case 1:
		return &page.DevUsers[0]
	}
	found := make([]string, len(page.DevUsers))
	for i, u := range page.DevUsers {
		found[i] = fmt.Sprintf("%s (%s)", u.DisplayID, u.ID)
	}
	more := ""
	if page.NextCursor != "" {
		more = ", and more"
	}
	diags.AddAttributeError(path.Root("email"), "Several DevRev Users Found",
		fmt.Sprintf("%d DevRev dev users have the email address %q: %s%s. Look the one you mean up by id instead.",
			len(page.DevUsers), email, strings.Join(found, ", "), more))
	return nil
}
