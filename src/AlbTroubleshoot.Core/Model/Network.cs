using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Model
{
    // The EC2 network part of the environment model that no evaluator owns: subnets, network
    // interfaces and instances. Security groups, NACLs and route tables are the evaluators' own
    // types (AlbTroubleshoot.Network), which the mapper builds directly with parsed CIDRs,
    // protocols and port ranges, so the rules exist in one shape only.

    internal sealed class Subnet
    {
        public string Id { get; internal set; } = string.Empty;
        public string? VpcId { get; internal set; }
        public string? AvailabilityZone { get; internal set; }
        public string? AvailabilityZoneId { get; internal set; }
        public string? CidrBlock { get; internal set; }
        public IReadOnlyList<string> Ipv6CidrBlocks { get; internal set; } = Array.Empty<string>();
        public string? State { get; internal set; }
        public bool? MapPublicIpOnLaunch { get; internal set; }

        public override string ToString() => Id;
    }

    internal sealed class NetworkInterface
    {
        public string Id { get; internal set; } = string.Empty;
        public string? SubnetId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? AvailabilityZone { get; internal set; }
        public string? Description { get; internal set; }
        /// <summary>"interface", "load_balancer", "network_load_balancer", …</summary>
        public string? InterfaceType { get; internal set; }
        public string? RequesterId { get; internal set; }
        public bool? RequesterManaged { get; internal set; }
        public string? Status { get; internal set; }
        public string? PrivateIpAddress { get; internal set; }
        /// <summary>All private IPv4 addresses, primary first.</summary>
        public IReadOnlyList<string> PrivateIpAddresses { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> Ipv6Addresses { get; internal set; } = Array.Empty<string>();
        /// <summary>
        /// IPv4 prefixes delegated to the interface (Ipv4Prefixes, e.g. "10.0.3.16/28"): every address in
        /// them belongs to it, though none is listed in <see cref="PrivateIpAddresses"/>.
        /// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-prefix-eni.html
        /// </summary>
        public IReadOnlyList<string> Ipv4Prefixes { get; internal set; } = Array.Empty<string>();
        /// <summary>IPv6 prefixes delegated to the interface (Ipv6Prefixes, e.g. "2600:1f18:1234:5603:9b11::/80").</summary>
        public IReadOnlyList<string> Ipv6Prefixes { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> SecurityGroupIds { get; internal set; } = Array.Empty<string>();
        public string? AttachmentInstanceId { get; internal set; }
        public string? AttachmentStatus { get; internal set; }

        /// <summary>For a load balancer's own interface ("ELB app/&lt;name&gt;/&lt;id&gt;"): "app/&lt;name&gt;/&lt;id&gt;"; else null.</summary>
        public string? LoadBalancerResourceId =>
            Description is not null && Description.StartsWith("ELB ", StringComparison.Ordinal) ? Description.Substring(4) : null;

        public override string ToString() => Id;
    }

    internal sealed class Instance
    {
        public string Id { get; internal set; } = string.Empty;
        /// <summary>State.Name: "pending", "running", "stopping", "stopped", "shutting-down", "terminated".</summary>
        public string? State { get; internal set; }
        public string? SubnetId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? AvailabilityZone { get; internal set; }
        public string? PrivateIpAddress { get; internal set; }
        /// <summary>Every private IPv4 address over all its interfaces, primary first.</summary>
        public IReadOnlyList<string> PrivateIpAddresses { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> NetworkInterfaceIds { get; internal set; } = Array.Empty<string>();
        /// <summary>The instance's security groups (all interfaces).</summary>
        public IReadOnlyList<string> SecurityGroupIds { get; internal set; } = Array.Empty<string>();

        public override string ToString() => Id;
    }
}
