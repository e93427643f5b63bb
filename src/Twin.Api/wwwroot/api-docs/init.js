// The server's own OpenAPI document; "Try it out" sends requests to this server.
window.ui = SwaggerUIBundle({ url: '/openapi/v1.json', dom_id: '#swagger-ui', deepLinking: true });
