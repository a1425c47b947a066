using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IoT;
using CfnPolicy = Amazon.CDK.AWS.IoT.CfnPolicy;
using CfnPolicyProps = Amazon.CDK.AWS.IoT.CfnPolicyProps;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>Device identity: the thing type, the per-thing device policy and the device registry table.</summary>
public sealed class DeviceIdentity
{
    public DeviceIdentity(Stack stack, BackendConfig config)
    {
        string p = config.Prefix;
        ThingType = new CfnThingType(stack, "ThingType", new CfnThingTypeProps
        {
            ThingTypeName = MethaneBackendStack.ThingTypeName,
            ThingTypeProperties = new CfnThingType.ThingTypePropertiesProperty
            {
                ThingTypeDescription = "ESP32 methane sensor (TGS2611 via ADS1115, SHT4x)",
                SearchableAttributes = new[] { "site", "board", "fw" },
            },
        });

        DevicePolicy = new CfnPolicy(stack, "DevicePolicy", new CfnPolicyProps
        {
            PolicyName = $"{p}-device",
            PolicyDocument = MethaneBackendStack.DevicePolicyDocument(stack.Account, stack.Region),
        });

        Registry = new Table(stack, "DeviceRegistry", new TableProps
        {
            TableName = $"{p}-device-registry",
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "thing", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Registry.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = "by-site",
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "site", Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "thing", Type = AttributeType.STRING },
        });
    }

    public CfnThingType ThingType { get; }
    public CfnPolicy DevicePolicy { get; }
    public Table Registry { get; }
}
