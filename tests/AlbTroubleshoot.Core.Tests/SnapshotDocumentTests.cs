using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public class SnapshotDocumentTests
    {
        [Theory]
        [InlineData("{\"AlbSnapshotVersion\": 1,\n  \"Region\": \"us-east-1\"\n  \"x\": 1}", ErrorIds.SnapshotNotJson, "line 3, column 3")]
        [InlineData("not json at all", ErrorIds.SnapshotNotJson, "line 1, column 1")]
        [InlineData("", ErrorIds.SnapshotNotJson, "empty")]
        [InlineData("[1, 2]", ErrorIds.SnapshotNotASnapshot, "is an array, not an object")]
        [InlineData("{\"LoadBalancers\": []}", ErrorIds.SnapshotNotASnapshot, "no AlbSnapshotVersion")]
        [InlineData("{\"AlbSnapshotVersion\": \"1\"}", ErrorIds.SnapshotNotASnapshot, "must be a whole number")]
        [InlineData("{\"AlbSnapshotVersion\": 1.5}", ErrorIds.SnapshotNotASnapshot, "must be a whole number")]
        [InlineData("{\"AlbSnapshotVersion\": 0}", ErrorIds.SnapshotNotASnapshot, "versions start at 1")]
        [InlineData("{\"AlbSnapshotVersion\": 2}", ErrorIds.SnapshotVersionNotSupported, "AlbSnapshotVersion 2 is newer than this module reads (1)")]
        [InlineData("{\"AlbSnapshotVersion\": 1, \"Region\": 5}", ErrorIds.SnapshotNotASnapshot, "'Region' is a number")]
        [InlineData("{\"AlbSnapshotVersion\": 1, \"DescribeSubnets\": []}", ErrorIds.SnapshotNotASnapshot, "Section 'DescribeSubnets' is an array")]
        [InlineData("{\"AlbSnapshotVersion\": 1, \"DescribeSubnets\": {\"Subnets\": {}}}", ErrorIds.SnapshotNotASnapshot, "'DescribeSubnets.Subnets' is an object; it must be an array")]
        [InlineData("{\"AlbSnapshotVersion\": 1, \"DescribeTargetHealth\": {\"arn:tg\": []}}", ErrorIds.SnapshotNotASnapshot, "'DescribeTargetHealth' entry 'arn:tg' is an array")]
        [InlineData("{\"AlbSnapshotVersion\": 1, \"Errors\": []}", ErrorIds.SnapshotNotASnapshot, "'Errors' is an array")]
        public void Bad_input_gives_a_stable_error_id_naming_the_source_and_problem(string text, string errorId, string reason)
        {
            var e = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Parse(text, "web.json"));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal("web.json", e.SourceName);
            Assert.StartsWith("web.json: ", e.Message, StringComparison.Ordinal);
            Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_JSON_syntax_error_carries_its_line_and_column()
        {
            var e = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Parse("{\n\n  \"AlbSnapshotVersion\": 1,,\n}", "s.json"));
            Assert.Equal(3, e.Line);
            Assert.Equal(27, e.Column);
            Assert.IsType<JsonException>(e.InnerException);
        }

        [Fact]
        public void Load_names_the_file_in_errors()
        {
            var path = Path.Combine(Path.GetTempPath(), "albtroubleshoot-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, "{\"AlbSnapshotVersion\": 9}");
            try
            {
                var e = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Load(path));
                Assert.Equal(path, e.SourceName);
                Assert.Equal(ErrorIds.SnapshotVersionNotSupported, e.ErrorId);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void Round_trip_document_to_text_to_document_is_equal_and_the_text_is_stable()
        {
            var original = TestFiles.FullSnapshot();
            var text = original.ToJson();
            var again = SnapshotDocument.Parse(text, "again");
            Assert.True(original.ToJsonValue().DeepEquals(again.ToJsonValue()));
            Assert.Equal(text, again.ToJson());
            Assert.Equal(SnapshotOperations.All.Count, again.Sections.Count());
        }

        [Fact]
        public void Header_fields_are_read_and_written()
        {
            var d = TestFiles.FullSnapshot();
            Assert.Equal(1, d.Version);
            Assert.Equal("us-east-1", d.Region);
            Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), d.CollectedAt);
            Assert.Equal(DateTimeKind.Utc, d.CollectedAt!.Value.Kind);
            var fresh = new SnapshotDocument("eu-west-1", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
            Assert.StartsWith("{\n  \"AlbSnapshotVersion\": 1,\n  \"CollectedAt\": \"2026-01-02T03:04:05Z\",\n  \"Region\": \"eu-west-1\"\n}", fresh.ToJson(), StringComparison.Ordinal);
        }

        [Fact]
        public void Unknown_properties_are_preserved_on_round_trip()
        {
            var text = "{\"AlbSnapshotVersion\":1,\"Comment\":\"from support\",\"DescribeSubnets\":{\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"FutureField\":{\"x\":[1]}}],\"NextToken\":null},\"Extra\":[1,2]}";
            var d = SnapshotDocument.Parse(text, "t");
            var back = (JsonObject)JsonValue.Parse(d.ToJson());
            Assert.Equal("from support", back["Comment"]!.AsString());
            Assert.Equal("[1,2]", back["Extra"]!.ToJson(false));
            var subnet = (JsonObject)((JsonArray)((JsonObject)back["DescribeSubnets"]!)["Subnets"]!)[0];
            Assert.Equal("{\"x\":[1]}", subnet["FutureField"]!.ToJson(false));
        }

        [Fact]
        public void A_missing_section_is_unknown_and_a_null_section_is_too()
        {
            var d = SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1,\"DescribeSubnets\":null,\"DescribeNetworkAcls\":{\"NetworkAcls\":[]}}", "t");
            Assert.False(d.HasSection(SnapshotOperations.DescribeSubnets));
            Assert.False(d.HasSection(SnapshotOperations.DescribeRouteTables));
            Assert.True(d.HasSection(SnapshotOperations.DescribeNetworkAcls));
            Assert.Equal(new[] { SnapshotOperations.DescribeNetworkAcls }, d.Sections.ToArray());
        }

        [Fact]
        public void Resource_sections_errors_and_items_are_built_through_the_API()
        {
            var d = new SnapshotDocument("us-east-1");
            d.SetResourceSection(SnapshotOperations.DescribeTargetHealth, "arn:tg/1", JsonValue.Parse("{\"TargetHealthDescriptions\":[]}"));
            Assert.True(d.HasSection(SnapshotOperations.DescribeTargetHealth));
            Assert.NotNull(d.GetResourceSection(SnapshotOperations.DescribeTargetHealth, "arn:tg/1"));
            Assert.Null(d.GetResourceSection(SnapshotOperations.DescribeTargetHealth, "arn:tg/2"));
            Assert.Throws<ArgumentException>(() => d.SetResourceSection(SnapshotOperations.DescribeSubnets, "x", JsonValue.Null));

            d.AddError(SnapshotOperations.DescribeNetworkAcls, "UnauthorizedOperation: not allowed");
            d.AddError(SnapshotOperations.DescribeNetworkAcls, "UnauthorizedOperation: not allowed");
            d.AddError(SnapshotOperations.GetWebACLForResource, "AWS.Tools.WAFV2 is not installed");
            Assert.Equal("UnauthorizedOperation: not allowed", d.Errors[SnapshotOperations.DescribeNetworkAcls]);
            Assert.Equal(2, d.Errors.Count);

            d.AddItems(SnapshotOperations.DescribeSecurityGroups, new[] { JsonValue.Parse("{\"GroupId\":\"sg-1\",\"GroupName\":\"a\"}"), JsonValue.Parse("{\"GroupId\":\"sg-2\"}") });
            d.AddItems(SnapshotOperations.DescribeSecurityGroups, new[] { JsonValue.Parse("{\"GroupId\":\"sg-1\",\"GroupName\":\"b\"}"), JsonValue.Parse("{\"GroupId\":\"sg-3\"}") });
            var groups = (JsonArray)d.GetSection(SnapshotOperations.DescribeSecurityGroups)!["SecurityGroups"]!;
            Assert.Equal("sg-1 b,sg-2 ,sg-3 ", string.Join(",", groups.Cast<JsonObject>().Select(g => g["GroupId"]!.AsString() + " " + g["GroupName"]?.AsString())));
            Assert.Throws<ArgumentException>(() => d.AddItems(SnapshotOperations.DescribeTargetHealth, Array.Empty<JsonValue>()));
        }

        [Fact]
        public void Merge_combines_two_load_balancers_sharing_EC2_sections()
        {
            var a = new SnapshotDocument("us-east-1");
            a.AddItems(SnapshotOperations.DescribeLoadBalancers, new[] { JsonValue.Parse("{\"LoadBalancerArn\":\"arn:lb/a\",\"LoadBalancerName\":\"a\"}") });
            a.AddItems(SnapshotOperations.DescribeSubnets, new[] { JsonValue.Parse("{\"SubnetId\":\"subnet-1\"}") });
            a.SetResourceSection(SnapshotOperations.DescribeLoadBalancerAttributes, "arn:lb/a", JsonValue.Parse("{\"Attributes\":[]}"));
            var b = new SnapshotDocument("us-east-1");
            b.AddItems(SnapshotOperations.DescribeLoadBalancers, new[] { JsonValue.Parse("{\"LoadBalancerArn\":\"arn:lb/b\",\"LoadBalancerName\":\"b\"}") });
            b.AddItems(SnapshotOperations.DescribeSubnets, new[] { JsonValue.Parse("{\"SubnetId\":\"subnet-1\"}"), JsonValue.Parse("{\"SubnetId\":\"subnet-2\"}") });
            b.SetResourceSection(SnapshotOperations.DescribeLoadBalancerAttributes, "arn:lb/b", JsonValue.Parse("{\"Attributes\":[]}"));
            b.AddError(SnapshotOperations.GetWebACLForResource, "AccessDenied");

            var merged = SnapshotDocument.Combine(new[] { a, b });
            Assert.Equal(2, ((JsonArray)merged.GetSection(SnapshotOperations.DescribeLoadBalancers)!["LoadBalancers"]!).Count);
            Assert.Equal(2, ((JsonArray)merged.GetSection(SnapshotOperations.DescribeSubnets)!["Subnets"]!).Count);
            Assert.Equal(2, merged.GetSection(SnapshotOperations.DescribeLoadBalancerAttributes)!.Count);
            Assert.Equal("AccessDenied", merged.Errors[SnapshotOperations.GetWebACLForResource]);
            Assert.Single((JsonArray)a.GetSection(SnapshotOperations.DescribeLoadBalancers)!["LoadBalancers"]!);
        }

        [Fact]
        public void The_writer_writes_CLI_spelling_for_SDK_shaped_sections()
        {
            var d = new SnapshotDocument("us-east-1");
            d.SetSection(SnapshotOperations.DescribeSecurityGroups, JsonValue.Parse(
                "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"Tags\":null,\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,"
                + "\"Ipv4Ranges\":[{\"CidrIp\":\"0.0.0.0/0\",\"Description\":null}],\"Ipv6Ranges\":null,\"PrefixListIds\":[{\"Id\":\"pl-1\",\"Description\":\"office\"}],\"UserIdGroupPairs\":null}],"
                + "\"IpPermissionsEgress\":[{\"IpProtocol\":\"-1\",\"FromPort\":null,\"ToPort\":null,\"Ipv4Ranges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]}]}"));
            d.SetSection(SnapshotOperations.DescribeNetworkAcls, JsonValue.Parse(
                "{\"NetworkAcls\":[{\"NetworkAclId\":\"acl-1\",\"Entries\":[{\"RuleNumber\":100,\"Egress\":false,\"Protocol\":\"-1\",\"RuleAction\":{\"Value\":\"deny\"},\"CidrBlock\":\"0.0.0.0/0\",\"PortRange\":null}]}]}"));
            d.SetResourceSection(SnapshotOperations.GetWebACLForResource, "arn:lb", JsonValue.Parse("{\"WebACL\":null}"));
            d.SetSection(SnapshotOperations.DescribeSubnets, JsonValue.Parse("{\"Subnets\":null}"));

            var written = (JsonObject)JsonValue.Parse(d.ToJson());
            Assert.Equal(
                "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,"
                + "\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}],\"PrefixListIds\":[{\"PrefixListId\":\"pl-1\",\"Description\":\"office\"}]}],"
                + "\"IpPermissionsEgress\":[{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]}]}",
                written[SnapshotOperations.DescribeSecurityGroups]!.ToJson(false));
            Assert.Equal("{\"NetworkAcls\":[{\"NetworkAclId\":\"acl-1\",\"Entries\":[{\"RuleNumber\":100,\"Egress\":false,\"Protocol\":\"-1\",\"RuleAction\":\"deny\",\"CidrBlock\":\"0.0.0.0/0\"}]}]}",
                written[SnapshotOperations.DescribeNetworkAcls]!.ToJson(false));
            Assert.Equal("{\"arn:lb\":{\"WebACL\":null}}", written[SnapshotOperations.GetWebACLForResource]!.ToJson(false));
            Assert.Equal("{\"Subnets\":[]}", written[SnapshotOperations.DescribeSubnets]!.ToJson(false));
        }

        [Fact]
        public void CLI_input_passes_through_the_spelling_normalizer_unchanged()
        {
            var d = TestFiles.FullSnapshot();
            foreach (var operation in d.Sections)
            {
                var section = d.GetSection(operation)!;
                Assert.True(section.DeepEquals(CliSpelling.NormalizeSection(operation, section)), operation);
            }
        }

        [Fact]
        public void Old_SDK_v3_string_IpRanges_become_CidrIp_objects()
        {
            var p = (JsonObject)CliSpelling.Normalize(JsonValue.Parse("{\"IpProtocol\":\"tcp\",\"FromPort\":80,\"ToPort\":80,\"IpRanges\":[\"10.0.0.0/8\"]}"));
            Assert.Equal("[{\"CidrIp\":\"10.0.0.0/8\"}]", p["IpRanges"]!.ToJson(false));
            var both = (JsonObject)CliSpelling.Normalize(JsonValue.Parse("{\"IpProtocol\":\"-1\",\"FromPort\":0,\"ToPort\":0,\"IpRanges\":[\"10.0.0.0/8\"],\"Ipv4Ranges\":[{\"CidrIp\":\"10.0.0.0/8\",\"Description\":\"d\"}]}"));
            Assert.Equal("{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"10.0.0.0/8\",\"Description\":\"d\"}]}", both.ToJson(false));
        }

        [Theory]
        [InlineData("IpRanges")]
        [InlineData("Ipv4Ranges")]
        public void A_range_that_is_an_enum_object_becomes_a_CidrIp_object_in_one_pass(string property)
        {
            // Found by SnapshotMutationTests (seed 6ljjUgsNTcz3): {"Value":"…"} became a bare string, which the
            // next read turned into {"CidrIp":…}, so an exported snapshot read back differently.
            var once = CliSpelling.Normalize(JsonValue.Parse("{\"IpProtocol\":\"tcp\",\"FromPort\":80,\"ToPort\":80,\"" + property + "\":[{\"Value\":\"10.0.0.0/8\"}]}"));
            Assert.Equal("[{\"CidrIp\":\"10.0.0.0/8\"}]", ((JsonObject)once)["IpRanges"]!.ToJson(false));
            Assert.Equal(once.ToJson(false), CliSpelling.Normalize(once).ToJson(false));
        }
    }
}
