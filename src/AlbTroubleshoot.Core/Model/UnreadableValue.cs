namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// A value in a snapshot that the model cannot read: an address that is not one, a number that is
    /// not a number, a value outside what AWS defines for that member. It is reported as it was given,
    /// never read as absent: either the model keeps it as given (an unknown target state stays in
    /// <see cref="RegisteredTarget.State"/>), or, when a wrong reading could change a verdict (a
    /// security-group rule whose CIDR cannot be parsed), the resource is left out of the model and
    /// <see cref="ResourceLeftOut"/> says so, so that checks treat it as unknown, never as absent
    /// or open. docs/snapshot-format.md has the rule for each case.
    /// </summary>
    internal sealed class UnreadableValue
    {
        internal UnreadableValue(string section, string resourceId, string? parentId, string member, string value, string reason, bool resourceLeftOut)
        {
            Section = section;
            ResourceId = resourceId;
            ParentId = parentId;
            Member = member;
            Value = value;
            Reason = reason;
            ResourceLeftOut = resourceLeftOut;
        }

        /// <summary>The snapshot section (operation) that holds the value, e.g. "DescribeSecurityGroups".</summary>
        public string Section { get; }

        /// <summary>The resource the value belongs to: an ARN, an ID, a target ID, or "#3" (its position) when it has no ID.</summary>
        public string ResourceId { get; }

        /// <summary>The resource that owns <see cref="ResourceId"/> where it is not unique alone: the target group of a target; else null.</summary>
        public string? ParentId { get; }

        /// <summary>Where in the resource, as a JSON path: "IpPermissions[0].IpRanges[1].CidrIp", "TargetHealth.State".</summary>
        public string Member { get; }

        /// <summary>The value as the snapshot gives it (JSON text for anything but a string).</summary>
        public string Value { get; }

        /// <summary>Why it cannot be read: "'10.0.0/24' is not a CIDR block".</summary>
        public string Reason { get; }

        /// <summary>
        /// True when the whole resource is left out of the model because of this value (a security
        /// group, network ACL or prefix list); false when the value is kept as given (or, for a number
        /// that is not one, read as null) and the rest of the resource is in the model.
        /// </summary>
        public bool ResourceLeftOut { get; }

        /// <summary>"DescribeSecurityGroups sg-1 IpPermissions[0].IpRanges[0].CidrIp: '10.0.0/24' is not a CIDR block (the security group is left out)".</summary>
        public override string ToString() =>
            Section + " " + (ParentId is null ? string.Empty : ParentId + " ") + ResourceId + " " + Member + ": " + Reason +
            (ResourceLeftOut ? " (left out of the model: unknown)" : string.Empty);
    }
}
