def test_the_favicon_address_browsers_ask_for_leads_to_the_app_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith(".svg")
    assert "favicon" in response.url
