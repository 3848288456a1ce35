using System;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>One entry of the cause catalog: what AWS documents, and how to check and fix it.</summary>
    public sealed class CauseDefinition
    {
        public CauseDefinition(int statusCode, string id, string title, string side, string description,
            string check, string remediation, string reference, string checkedBy = "", bool appliesToWholeClass = false)
        {
            StatusCode = statusCode;
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Title = title ?? throw new ArgumentNullException(nameof(title));
            Side = side ?? throw new ArgumentNullException(nameof(side));
            Description = description ?? throw new ArgumentNullException(nameof(description));
            Check = check ?? throw new ArgumentNullException(nameof(check));
            Remediation = remediation ?? throw new ArgumentNullException(nameof(remediation));
            Reference = reference ?? throw new ArgumentNullException(nameof(reference));
            CheckedBy = checkedBy ?? string.Empty;
            AppliesToWholeClass = appliesToWholeClass;
        }

        /// <summary>The code this cause produces (0 for the HTTP/2 "000" case).</summary>
        public int StatusCode { get; }

        /// <summary>
        /// True for the entries about responses the target generated itself: they stand for every code
        /// of their class (StatusCode 400 for 4XX, 500 for 5XX), whatever the code asked about.
        /// </summary>
        public bool AppliesToWholeClass { get; }
        public string Id { get; }
        public string Title { get; }
        public string Side { get; }
        public string Description { get; }
        public string Check { get; }
        public string Remediation { get; }
        public string Reference { get; }
        /// <summary>The cmdlet that decides this cause automatically, or empty.</summary>
        public string CheckedBy { get; }
    }
}
