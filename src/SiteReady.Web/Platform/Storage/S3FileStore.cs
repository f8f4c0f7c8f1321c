using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SiteReady.Web.Platform.Storage;

/// <summary><c>SiteReady:Storage:S3</c>. Without <see cref="ServiceUrl"/> the store talks to AWS in <see cref="Region"/>.</summary>
public sealed class S3StorageOptions
{
    /// <summary>An S3-compatible endpoint such as <c>http://127.0.0.1:9000</c> (MinIO, s3rver, R2); empty for AWS.</summary>
    public string? ServiceUrl { get; set; }
    public string Bucket { get; set; } = "";
    /// <summary>With no keys the SDK's default chain applies (environment, instance role).</summary>
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string Region { get; set; } = "us-east-1";
    /// <summary>Bucket in the path rather than the host name, which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
            throw new InvalidOperationException("SiteReady:Storage:S3:Bucket is required when SiteReady:Storage:Provider is s3.");
        if (string.IsNullOrWhiteSpace(AccessKey) != string.IsNullOrWhiteSpace(SecretKey))
            throw new InvalidOperationException("Set both SiteReady:Storage:S3:AccessKey and SecretKey, or neither.");
        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"SiteReady:Storage:S3:ServiceUrl '{ServiceUrl}' is not an absolute URL.");
    }
}

/// <summary>Files as objects in one bucket, the key as the object key.</summary>
public sealed class S3FileStore : IFileStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _spoolDirectory;

    public S3FileStore(S3StorageOptions options, SiteReadyPaths paths)
    {
        options.Validate();
        _bucket = options.Bucket;
        _spoolDirectory = paths.SpoolDirectory;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // The SDK's default CRC trailers are not understood by most S3-compatible servers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        _client = string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>
    /// Streams from <paramref name="content"/> when it is seekable (such as the spooled file). Any other stream
    /// is first copied to a temporary file: the SDK would otherwise send it aws-chunked, which S3-compatible
    /// servers such as s3rver store verbatim, corrupting the object.
    /// </summary>
    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct)
    {
        StorageKeys.Validate(key);
        if (content.CanSeek)
        {
            if (content.Length - content.Position != length)
                throw new IOException($"Expected {length} bytes for '{key}' but the stream has {content.Length - content.Position}.");
            await UploadAsync(key, content, length, contentType, ct);
            return;
        }
        var path = Path.Combine(_spoolDirectory, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + ".s3put");
        await using var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await content.CopyToAsync(copy, 81920, ct);
        if (copy.Length != length)
            throw new IOException($"Expected {length} bytes for '{key}' but the stream gave {copy.Length}.");
        copy.Position = 0;
        await UploadAsync(key, copy, length, contentType, ct);
    }

    private async Task UploadAsync(string key, Stream content, long length, string contentType, CancellationToken ct)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = content,
            AutoResetStreamPosition = false, // from where the caller's stream stands, as on disk
            ContentType = contentType,
            AutoCloseStream = false, // the caller owns the stream
            UseChunkEncoding = false, // aws-chunked bodies are not understood by most S3-compatible servers
        };
        request.Headers.ContentLength = length;
        await _client.PutObjectAsync(request, ct);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = StorageKeys.Validate(key) }, ct);
            return new ObjectStream(response);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = StorageKeys.Validate(key) }, ct);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
        }
    }

    public void Dispose() => _client.Dispose();

    // A missing bucket is a configuration error and must not look like a missing file.
    private static bool IsMissingKey(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket";

    /// <summary>The object's body; disposing it releases the HTTP response.</summary>
    private sealed class ObjectStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _body = response.ResponseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => _body.Read(buffer);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => _body.ReadAsync(buffer, offset, count, ct);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => _body.ReadAsync(buffer, ct);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
