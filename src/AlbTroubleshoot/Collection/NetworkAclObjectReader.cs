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
    /// <c>NetworkAcls</c>). It only finds the NACL objects; the snapshot mapper reads them.
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

        /// <summary>
        /// Builds the engine's NACL through the snapshot mapper (the one reader of AWS shapes), or
        /// throws <see cref="FormatException"/> naming the NACL, rule and field at fault, or
        /// <see cref="Json.ObjectWalkException"/> naming where an object that is not data (it contains
        /// itself, or is too deep or too large) goes wrong.
        /// </summary>
        public static NetworkAcl Read(object nacl)
        {
            if (Collection.PSObjectAdapter.ToJson(nacl) is not Json.JsonObject json)
                throw new FormatException("The object is not a network ACL: pipe Get-EC2NetworkAcl output or the JSON of 'aws ec2 describe-network-acls' (it has no NetworkAclId property).");
            try
            {
                return Model.SnapshotMapper.ReadNetworkAcl(json);
            }
            catch (Snapshots.SnapshotFormatException e)
            {
                throw new FormatException(e.Reason, e);
            }
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
    }
}
