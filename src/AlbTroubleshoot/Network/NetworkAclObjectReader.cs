using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Network;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Reads network ACLs by property name from what users pipe: AWS Tools <c>Get-EC2NetworkAcl</c>
    /// objects (SDK types: enum objects whose ToString() is the wire value, nullable numbers, null
    /// collections) and AWS CLI JSON (<c>describe-network-acls</c> output or one of its
    /// <c>NetworkAcls</c>). Kept to NACLs on purpose: the snapshot mapper reads everything else.
    /// </summary>
    internal static class NetworkAclObjectReader
    {
        /// <summary>The NACL objects inside one piped object: a document with NetworkAcls, an array, or a NACL itself.</summary>
        public static IEnumerable<object> Unwrap(object input)
        {
            if (Base(input) is null) yield break;
            if (Base(Get(input, "NetworkAcls")) is not null && Base(Get(input, "NetworkAclId")) is null)
            {
                foreach (var item in Items(Get(input, "NetworkAcls"))) yield return item;
                yield break;
            }
            foreach (var item in Items(input)) yield return item;
        }

        /// <summary>Builds the engine's NACL, or throws <see cref="FormatException"/> naming the NACL, rule and field at fault.</summary>
        public static NetworkAcl Read(object nacl)
        {
            var id = Text(Get(nacl, "NetworkAclId"));
            if (id.Length == 0) throw new FormatException("The object has no NetworkAclId property: pipe Get-EC2NetworkAcl output or the JSON of 'aws ec2 describe-network-acls'.");
            var entriesValue = Get(nacl, "Entries");
            if (Base(entriesValue) is null) throw new FormatException($"{id} has no Entries property, so its rules are not known.");

            var entries = new List<NetworkAclEntry>();
            foreach (var entry in Items(entriesValue))
                entries.Add(ReadEntry(id, entry));
            var subnets = Items(Get(nacl, "Associations")).Select(a => Text(Get(a, "SubnetId"))).Where(s => s.Length > 0);
            return new NetworkAcl(id, Text(Get(nacl, "VpcId")), entries, subnets, Flag(Get(nacl, "IsDefault")) ?? false);
        }

        private static NetworkAclEntry ReadEntry(string aclId, object entry)
        {
            var ruleText = Text(Get(entry, "RuleNumber"));
            if (!int.TryParse(ruleText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rule) || rule < 1 || rule > NetworkAclEntry.DefaultIpv6RuleNumber)
                throw new FormatException($"{aclId} has an entry whose RuleNumber '{ruleText}' is not a number from 1 to 32768.");
            var where = $"{aclId} rule {rule}";

            var egress = Flag(Get(entry, "Egress")) ?? throw new FormatException($"{where}: Egress is missing or not true/false.");
            var protocolText = Text(Get(entry, "Protocol"));
            if (!IpProtocol.TryParse(protocolText, out var protocol)) throw new FormatException($"{where}: Protocol '{protocolText}' is not a protocol number or name.");
            var action = Text(Get(entry, "RuleAction")).ToLowerInvariant();
            if (action != "allow" && action != "deny") throw new FormatException($"{where}: RuleAction '{action}' is neither allow nor deny.");

            var cidrText = Text(Get(entry, "CidrBlock"));
            if (cidrText.Length == 0) cidrText = Text(Get(entry, "Ipv6CidrBlock"));
            if (!IpCidr.TryParse(cidrText, out var cidr)) throw new FormatException($"{where}: '{cidrText}' is not a CidrBlock or Ipv6CidrBlock.");

            PortRange? ports = null;
            if (Get(entry, "PortRange") is { } portRange && Base(portRange) is not null && protocol.HasPorts)
            {
                var from = Number(Get(portRange, "From"));
                var to = Number(Get(portRange, "To"));
                if (from is not null || to is not null)
                {
                    if (from is null || to is null || from < 0 || to > PortRange.MaxPort || to < from)
                        throw new FormatException($"{where}: PortRange {from}-{to} is not a range of ports from 0 to 65535.");
                    ports = new PortRange(from.Value, to.Value);
                }
            }
            var icmp = Base(Get(entry, "IcmpTypeCode")) is null ? null : Get(entry, "IcmpTypeCode");
            return new NetworkAclEntry(rule, egress, protocol, action == "allow", cidr!, ports,
                icmp is null ? null : Number(Get(icmp, "Type")), icmp is null ? null : Number(Get(icmp, "Code")));
        }

        private static object? Base(object? value) => value is PSObject ps ? ps.BaseObject : value;

        /// <summary>A property by name. PSObjects stay wrapped: the properties of a PSCustomObject live in its wrapper.</summary>
        private static object? Get(object? owner, string name)
        {
            if (Base(owner) is null) return null;
            if (Base(owner) is IDictionary dictionary) return dictionary.Contains(name) ? dictionary[name] : null;
            var ps = owner as PSObject ?? PSObject.AsPSObject(owner);
            return ps.Properties[name]?.Value;
        }

        /// <summary>The elements of a list (arrays, List, SDK collections), or the value alone; nothing for null.</summary>
        private static IEnumerable<object> Items(object? value)
        {
            var b = Base(value);
            if (b is null) return Enumerable.Empty<object>();
            if (b is IEnumerable e && b is not string && b is not IDictionary) return e.Cast<object?>().Where(i => Base(i) is not null).Select(i => i!);
            return new[] { value! };
        }

        /// <summary>Text of a value; enum objects of the AWS SDK print their wire value.</summary>
        private static string Text(object? value) => Convert.ToString(Base(value), CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;

        private static int? Number(object? value)
        {
            var text = Text(value);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        }

        /// <summary>A boolean from a bool or its text ("false" as text must stay false, unlike a PowerShell cast).</summary>
        private static bool? Flag(object? value) =>
            Base(value) switch
            {
                bool b => b,
                _ => bool.TryParse(Text(value), out var parsed) ? parsed : null,
            };
    }
}
