package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
)

// testAccProtoV6ProviderFactories serve the provider in-process to the
// terraform binary of the acceptance tests.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"chatops": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test")(), nil },
}

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" {
		if err := acctest.SetupTerraform(); err != nil {
			println(err.Error())
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}
