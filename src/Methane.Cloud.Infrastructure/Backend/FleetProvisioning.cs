using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using CfnPolicy = Amazon.CDK.AWS.IoT.CfnPolicy;
using CfnPolicyProps = Amazon.CDK.AWS.IoT.CfnPolicyProps;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>Fleet provisioning by claim certificate: the provisioning role, the template and the claim policy.</summary>
public sealed class FleetProvisioning
{
    public FleetProvisioning(Stack stack, BackendConfig config, DeviceIdentity identity)
    {
        string p = config.Prefix;
        string templateName = $"{p}-fleet-provisioning";
        var provisioningRole = new Role(stack, "ProvisioningRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("iot.amazonaws.com"),
            Description = "Lets fleet provisioning create the thing, activate its certificate and attach the device policy.",
        });
        provisioningRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:CreateThing", "iot:DescribeThing", "iot:UpdateThing", "iot:AttachThingPrincipal" },
            Resources = new[] { $"arn:{stack.Partition}:iot:{stack.Region}:{stack.Account}:thing/*" },
        }));
        provisioningRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:DescribeCertificate", "iot:UpdateCertificate", "iot:CreateCertificateFromCsr", "iot:AttachPolicy" },
            Resources = new[] { $"arn:{stack.Partition}:iot:{stack.Region}:{stack.Account}:cert/*" },
        }));
        provisioningRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:GetPolicy", "iot:AttachPolicy" },
            Resources = new[] { $"arn:{stack.Partition}:iot:{stack.Region}:{stack.Account}:policy/{p}-device" },
        }));
        var template = new CfnProvisioningTemplate(stack, "ProvisioningTemplate", new CfnProvisioningTemplateProps
        {
            TemplateName = templateName,
            Description = "Claim-certificate provisioning: thing methane-{SerialNumber} with its site attribute and the device policy.",
            Enabled = true,
            ProvisioningRoleArn = provisioningRole.RoleArn,
            TemplateBody = MethaneBackendStack.ProvisioningTemplateBody(identity.DevicePolicy.PolicyName!),
        });
        template.AddDependency(identity.ThingType);
        template.AddDependency(identity.DevicePolicy);

        new CfnPolicy(stack, "ClaimPolicy", new CfnPolicyProps
        {
            PolicyName = $"{p}-provisioning-claim",
            PolicyDocument = MethaneBackendStack.ClaimPolicyDocument(stack.Account, stack.Region, templateName),
        });
    }
}
