using Npgsql;
using SiteReady.Web.Data;

namespace SiteReady.Tests.Data;

/// <summary>The app's defaults for a PostgreSQL connection string: added when absent, never over what the operator set.</summary>
public class PostgresConnectionStringTests
{
    [Fact]
    public void Statements_are_auto_prepared_and_pooled_connections_are_not_reset_by_default()
    {
        var builder = new NpgsqlConnectionStringBuilder(DataServices.PostgresConnectionString("Host=db.internal;Username=siteready;Password=secret"));

        Assert.Equal(100, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal("secret", builder.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false")]
    public void Settings_in_the_configured_string_are_kept(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(DataServices.PostgresConnectionString(configured));

        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.False(builder.NoResetOnClose);
    }
}
