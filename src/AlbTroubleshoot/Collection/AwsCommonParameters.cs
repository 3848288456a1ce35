using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// The AWS common parameters of docs/public-surface.md §2, as the user gave them. Passed unchanged to AWS Tools
    /// cmdlets; translated for the aws CLI (keys only into the child process's environment).
    /// Never logged, never stored in a snapshot.
    /// </summary>
    internal sealed class AwsCommonParameters
    {
        public string? Region { get; set; }
        public string? ProfileName { get; set; }
        /// <summary>The shared credentials file holding ProfileName (AWS Tools' -ProfileLocation), as a full path.</summary>
        public string? ProfileLocation { get; set; }
        /// <summary>An AWS Tools Amazon.Runtime.AWSCredentials object, or a PSCredential (user name = access key ID, password = secret key).</summary>
        public object? Credential { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        public string? EndpointUrl { get; set; }

        /// <summary>
        /// The redaction for this invocation's messages: the secret key and session token given (or
        /// resolved into <paramref name="keys"/>), a PSCredential's password, and an -EndpointUrl's password.
        /// </summary>
        public Redaction CreateRedaction((string AccessKey, string SecretKey, string? SessionToken)? keys = null)
        {
            var secrets = new List<string?> { SecretKey, SessionToken, keys?.SecretKey, keys?.SessionToken };
            if ((Credential is PSObject pso ? pso.BaseObject : Credential) is PSCredential ps) secrets.Add(ps.GetNetworkCredential().Password);
            secrets.AddRange(Redaction.PasswordsOf(EndpointUrl));
            return new Redaction(secrets);
        }

        /// <summary>Explicit keys for the CLI: from -AccessKey/-SecretKey/-SessionToken, else from -Credential; null when none given.</summary>
        public (string AccessKey, string SecretKey, string? SessionToken)? ResolveKeys()
        {
            if (!string.IsNullOrEmpty(AccessKey) || !string.IsNullOrEmpty(SecretKey))
            {
                if (string.IsNullOrEmpty(AccessKey) || string.IsNullOrEmpty(SecretKey))
                    throw new ArgumentException("-AccessKey and -SecretKey go together: give both, or neither.");
                return (AccessKey!, SecretKey!, SessionToken);
            }
            var credential = Credential is PSObject pso ? pso.BaseObject : Credential;
            switch (credential)
            {
                case null:
                    return null;
                case PSCredential ps:
                    return (ps.UserName, ps.GetNetworkCredential().Password, SessionToken);
                default:
                    // An AWS Tools AWSCredentials object: GetCredentials() returns ImmutableCredentials
                    // {AccessKey, SecretKey, Token}. Read by reflection: the module ships no SDK.
                    var get = credential.GetType().GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null)
                        ?? throw new ArgumentException("-Credential must be an AWS Tools credential object (Amazon.Runtime.AWSCredentials) or a PSCredential whose user name is the access key ID and password the secret key; got " + credential.GetType().FullName + ".");
                    var immutable = get.Invoke(credential, null);
                    string? Read(string name) => immutable?.GetType().GetProperty(name)?.GetValue(immutable) as string;
                    var access = Read("AccessKey");
                    var secret = Read("SecretKey");
                    if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
                        throw new ArgumentException("-Credential did not yield an access key and secret key.");
                    var token = Read("Token");
                    return (access!, secret!, string.IsNullOrEmpty(token) ? SessionToken : token);
            }
        }
    }
}
